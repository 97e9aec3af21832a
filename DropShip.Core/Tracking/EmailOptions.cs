namespace DropShip.Core.Tracking;

/// <summary>Configuration section "Email": Azure Communication Services by connection string (local) or endpoint (managed identity).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";
    public string? ConnectionString { get; set; }
    public Uri? Endpoint { get; set; }
    public string? SenderAddress { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(SenderAddress) && (!string.IsNullOrEmpty(ConnectionString) || Endpoint is not null);

    /// <summary>All unset is valid (email not configured, and said so); half a configuration is a mistake to stop at.</summary>
    public static IEnumerable<string?> Problems(EmailOptions options, string section)
    {
        if (options.Endpoint is { } endpoint && !(endpoint.IsAbsoluteUri && endpoint.Scheme == Uri.UriSchemeHttps))
            yield return $"{section}:{nameof(Endpoint)} must be the https endpoint of the Communication Services resource.";
        if (options.SenderAddress is { Length: > 0 } sender && !sender.Contains('@', StringComparison.Ordinal))
            yield return $"{section}:{nameof(SenderAddress)} must be an email address (e.g. DoNotReply@<domain>).";
        var hasService = !string.IsNullOrEmpty(options.ConnectionString) || options.Endpoint is not null;
        if (hasService && string.IsNullOrEmpty(options.SenderAddress))
            yield return $"{section}:{nameof(SenderAddress)} is required when {section}:{nameof(Endpoint)} or {section}:{nameof(ConnectionString)} is set.";
        if (!hasService && !string.IsNullOrEmpty(options.SenderAddress))
            yield return $"{section}:{nameof(Endpoint)} (or {section}:{nameof(ConnectionString)}) is required when {section}:{nameof(SenderAddress)} is set.";
    }
}
