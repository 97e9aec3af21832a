namespace DropShip.Core.Feeds;

public enum FeedProtocol { Ftp, Ftps, Sftp, Http, Https }

/// <summary>
/// Configuration section <c>Feeds:Sources:{key}</c> (the distributor's key). Anything left out takes the distributor's
/// default (its feed's <see cref="Parsing.IDistributorFeed.Defaults"/>, in the distributor's folder). Every field is a
/// property of a feed source, not of one distributor: a distributor's feed uses the ones its files need. <see cref="Password"/> and <see cref="PrivateKey"/> are secrets: they are
/// never logged, never put in exception messages and never stored with a run.
/// </summary>
public sealed class FeedSourceOptions
{
    public bool Enabled { get; set; } = true;
    public FeedProtocol? Protocol { get; set; }
    public string? Host { get; set; }
    public int? Port { get; set; }

    /// <summary>Remote path of the main file (FTP/SFTP path, or the HTTP path under the host).</summary>
    public string? Path { get; set; }

    /// <summary>For a feed of two files (Tucker's item master and its <c>invupd</c> inventory CSV): the remote path of the second.</summary>
    public string? InventoryPath { get; set; }

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>SFTP: an OpenSSH/PEM private key (the text, not a path), used instead of or besides the password.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>SFTP: the server's host key SHA-256 fingerprint (base64, as <c>ssh-keygen -lf</c> prints it without "SHA256:"). Unset: any key is accepted, with a warning.</summary>
    public string? HostKeySha256 { get; set; }

    /// <summary>HTTP: the body to POST (e.g. Parts Unlimited's price file request). Unset: GET.</summary>
    public string? RequestBody { get; set; }

    /// <summary>How many downloads a rolling 24 hours allows (e.g. Parts Unlimited: 2). Unset: no limit.</summary>
    public int? MaxDownloadsPerDay { get; set; }

    /// <summary>Overrides <see cref="FeedsOptions.MaxRemovedShare"/> for this distributor.</summary>
    public double? MaxRemovedShare { get; set; }

    public int TimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// For a CSV whose header names the account decides (Automatic's): header name per field (PartNumber, Quantity,
    /// DealerCost, Retail, Map, Status). The distributor's feed gives the defaults and reads them.
    /// </summary>
    public Dictionary<string, string> Columns { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>These settings with the distributor's defaults filled in where the configuration is silent.</summary>
    public FeedSourceOptions WithDefaults(FeedSourceOptions defaults) => new()
    {
        Enabled = Enabled,
        Protocol = Protocol ?? defaults.Protocol,
        Host = Host ?? defaults.Host,
        Port = Port ?? defaults.Port,
        Path = Path ?? defaults.Path,
        InventoryPath = InventoryPath ?? defaults.InventoryPath,
        Username = Username ?? defaults.Username,
        Password = Password ?? defaults.Password,
        PrivateKey = PrivateKey ?? defaults.PrivateKey,
        HostKeySha256 = HostKeySha256 ?? defaults.HostKeySha256,
        RequestBody = RequestBody ?? defaults.RequestBody,
        MaxDownloadsPerDay = MaxDownloadsPerDay ?? defaults.MaxDownloadsPerDay,
        MaxRemovedShare = MaxRemovedShare ?? defaults.MaxRemovedShare,
        TimeoutSeconds = TimeoutSeconds,
        Columns = new Dictionary<string, string>(defaults.Columns.Concat(Columns).GroupBy(c => c.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Last()), StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>Where the feed comes from, for logs and the run history: never the credentials.</summary>
    public string Describe(string remotePath) =>
        $"{(Protocol ?? FeedProtocol.Ftp).ToString().ToLowerInvariant()}://{Host}{(Port is { } p ? ":" + p : "")}/{remotePath.TrimStart('/')}";

    /// <summary>Removes the secrets from a message that may echo them (a server error, an exception from a library).</summary>
    public string Redact(string message)
    {
        foreach (var secret in new[] { Password, PrivateKey })
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 3) message = message.Replace(secret, "***", StringComparison.Ordinal);
        return message;
    }
}
