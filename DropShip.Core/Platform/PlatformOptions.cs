using static DropShip.Core.Common.SettingsValidation;

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

    /// <summary>The webhook URL may be unset (events wait in the outbox until it is); once set, it needs its signing secret.</summary>
    public static IEnumerable<string?> Problems(PlatformOptions options, string section)
    {
        yield return HttpUrlProblem(options.WebhookUrl, Setting(section, nameof(WebhookUrl)), required: false);
        if (options.WebhookUrl is not null && string.IsNullOrWhiteSpace(options.WebhookSecret))
            yield return $"{Setting(section, nameof(WebhookSecret))} is required when {Setting(section, nameof(WebhookUrl))} is set: every webhook is signed.";
        yield return PositiveProblem(options.DeliveryTimeout, Setting(section, nameof(DeliveryTimeout)));
        yield return PositiveProblem(options.GiveUpAfter, Setting(section, nameof(GiveUpAfter)));
        yield return TableNameProblem(options.OutboxTable, Setting(section, nameof(OutboxTable)));
    }
}
