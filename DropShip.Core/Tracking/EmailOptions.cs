namespace DropShip.Core.Tracking;

/// <summary>Configuration section "Email": Azure Communication Services by connection string (local) or endpoint (managed identity).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";
    public string? ConnectionString { get; set; }
    public Uri? Endpoint { get; set; }
    public string? SenderAddress { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(SenderAddress) && (!string.IsNullOrEmpty(ConnectionString) || Endpoint is not null);
}
