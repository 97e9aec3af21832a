using Microsoft.Extensions.Configuration;
using static DropShip.Core.Common.SettingsValidation;

namespace DropShip.Core.Connections;

/// <summary>
/// Configuration section "Secrets": where dealer credentials live. Key Vault in Azure; locally an encrypted table, whose
/// key is <see cref="LocalEncryptionKey"/> or, in the Development environment only, a built-in development key.
/// </summary>
public sealed class SecretsOptions
{
    public const string Section = "Secrets";

    /// <summary>The setting the Functions host (Core Tools locally, the platform in Azure) sets to the environment's name.</summary>
    public const string EnvironmentSetting = "AZURE_FUNCTIONS_ENVIRONMENT";

    /// <summary>When set, credentials live in this Key Vault (managed identity).</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>Base64 of 32 random bytes: the AES-256 key of the local store. Without it only Development may run, on a fixed development key.</summary>
    public string? LocalEncryptionKey { get; set; }

    public bool UsesKeyVault => KeyVaultUri is { OriginalString.Length: > 0 };

    /// <summary>
    /// Outside Development, credentials need Key Vault or an explicit key: anyone with the source can decrypt rows written
    /// with the built-in development key. The environment is read from the host's setting rather than IHostEnvironment,
    /// which the isolated worker's application builder does not always set from it.
    /// </summary>
    public static IEnumerable<string> Problems(SecretsOptions options, string section, IConfiguration configuration)
    {
        if (options.UsesKeyVault)
        {
            if (HttpUrlProblem(options.KeyVaultUri, Setting(section, nameof(KeyVaultUri)), required: true) is { } problem) yield return problem;
            yield break;
        }
        var key = Setting(section, nameof(LocalEncryptionKey));
        if (string.IsNullOrWhiteSpace(options.LocalEncryptionKey))
        {
            if (!IsDevelopment(configuration))
                yield return $"Dealer credentials would be encrypted with the built-in development key outside Development ({EnvironmentSetting} is " +
                             $"'{configuration[EnvironmentSetting] ?? "(unset)"}'). Set {Setting(section, nameof(KeyVaultUri))} (Key Vault) or {key} " +
                             "(base64 of 32 random bytes).";
            yield break;
        }
        if (DecodeKey(options.LocalEncryptionKey) is null) yield return $"{key} must be base64 of exactly 32 bytes.";
    }

    public static bool IsDevelopment(IConfiguration configuration) =>
        string.Equals(configuration[EnvironmentSetting], "Development", StringComparison.OrdinalIgnoreCase);

    internal static byte[]? DecodeKey(string value)
    {
        try
        {
            var bytes = Convert.FromBase64String(value.Trim());
            return bytes.Length == 32 ? bytes : null;
        }
        catch (FormatException) { return null; }
    }
}
