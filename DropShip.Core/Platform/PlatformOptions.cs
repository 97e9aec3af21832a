namespace DropShip.Core.Platform;

/// <summary>Configuration section "Platform": where webhooks go and the secret that signs them.</summary>
public sealed class PlatformOptions
{
    public const string Section = "Platform";
    public Uri? WebhookUrl { get; set; }
    public string? WebhookSecret { get; set; }
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How long an event is retried before it is given up (and the give-up recorded on the PO).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);
    /// <summary>The outbox table; one per deployment that shares a storage account (and per test run).</summary>
    public string OutboxTable { get; set; } = "WebhookOutbox";
}
