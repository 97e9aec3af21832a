using static DropShip.Core.Common.SettingsValidation;

namespace DropShip.Core.Storage;

/// <summary>
/// Configuration section "Storage": where the app keeps its own tables, blobs and the webhook delivery queue. Locally a
/// connection string (Azurite); in Azure the service URIs, reached with the managed identity. The queue must be in the
/// account the host's AzureWebJobsStorage names, since that is where the queue trigger listens.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }
    public Uri? TableServiceUri { get; set; }
    public Uri? BlobServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }

    public static IEnumerable<string> Problems(StorageOptions options, string section)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString)) yield break;
        if (options.TableServiceUri is null && options.BlobServiceUri is null && options.QueueServiceUri is null)
        {
            yield return $"Set {Setting(section, nameof(ConnectionString))} (locally) or {Setting(section, nameof(TableServiceUri))}, " +
                         $"{Setting(section, nameof(BlobServiceUri))} and {Setting(section, nameof(QueueServiceUri))} (in Azure, with the managed identity).";
            yield break;
        }
        if (HttpUrlProblem(options.TableServiceUri, Setting(section, nameof(TableServiceUri)), required: true) is { } table) yield return table;
        if (HttpUrlProblem(options.BlobServiceUri, Setting(section, nameof(BlobServiceUri)), required: true) is { } blob) yield return blob;
        if (HttpUrlProblem(options.QueueServiceUri, Setting(section, nameof(QueueServiceUri)), required: true) is { } queue) yield return queue;
    }
}
