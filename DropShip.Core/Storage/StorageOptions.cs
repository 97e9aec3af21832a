using static DropShip.Core.Common.SettingsValidation;

namespace DropShip.Core.Storage;

/// <summary>
/// Configuration section "Storage": where the app keeps its own tables and blobs. Locally a connection string (Azurite);
/// in Azure the service URIs, reached with the managed identity.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }
    public Uri? TableServiceUri { get; set; }
    public Uri? BlobServiceUri { get; set; }

    public static IEnumerable<string> Problems(StorageOptions options, string section)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) yield break;
        if (options.TableServiceUri is null && options.BlobServiceUri is null)
        {
            yield return $"Set {Setting(section, nameof(ConnectionString))} (locally) or {Setting(section, nameof(TableServiceUri))} and " +
                         $"{Setting(section, nameof(BlobServiceUri))} (in Azure, with the managed identity).";
            yield break;
        }
        if (HttpUrlProblem(options.TableServiceUri, Setting(section, nameof(TableServiceUri)), required: true) is { } table) yield return table;
        if (HttpUrlProblem(options.BlobServiceUri, Setting(section, nameof(BlobServiceUri)), required: true) is { } blob) yield return blob;
    }
}
