namespace DropShip.Core.Storage;

/// <summary>
/// Where the app keeps its own tables and blobs. Locally a connection string (Azurite); in Azure the service URIs,
/// reached with the managed identity. Configuration section "Storage".
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string? ConnectionString { get; set; }
    public Uri? TableServiceUri { get; set; }
    public Uri? BlobServiceUri { get; set; }
}
