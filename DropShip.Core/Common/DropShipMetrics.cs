using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using DropShip.Core.Feeds.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DropShip.Core.Common;

/// <summary>
/// The operator's figures, on one meter (<see cref="MeterName"/>): every instrument, its name, unit and tag names are
/// declared here and nowhere else, so the alert rules and the workbook in infra/ and the tests read the same names.
/// Created from the app's <see cref="IMeterFactory"/>, so each composition (and each test's) has its own meter.
/// Tag values are our own words (distributor keys, operation names, outcomes), never caller input, so the number of
/// series stays small.
/// </summary>
public sealed class DropShipMetrics
{
    public const string MeterName = "DropShip";

    public const string DistributorCallsName = "dropship.distributor.calls";
    public const string DistributorCallDurationName = "dropship.distributor.call.duration";
    public const string AnswerProblemsName = "dropship.distributor.answer_problems";
    public const string RateLimitedName = "dropship.distributor.rate_limited";
    public const string BreakerOpenedName = "dropship.distributor.breaker_opened";
    public const string CredentialsRejectedName = "dropship.connections.credentials_rejected";
    public const string MonitorsStartedBySweeperName = "dropship.tracking.monitors_started_by_sweeper";
    public const string WebhookDeliveriesName = "dropship.webhooks.deliveries";
    public const string EmailsName = "dropship.emails";
    public const string FeedRunsName = "dropship.feeds.runs";

    private readonly Counter<long> distributorCalls;
    private readonly Histogram<double> distributorCallDuration;
    private readonly Counter<long> answerProblems;
    private readonly Counter<long> rateLimited;
    private readonly Counter<long> breakerOpened;
    private readonly Counter<long> credentialsRejected;
    private readonly Counter<long> monitorsStartedBySweeper;
    private readonly Counter<long> webhookDeliveries;
    private readonly Counter<long> emails;
    private readonly Counter<long> feedRuns;

    public DropShipMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        distributorCalls = meter.CreateCounter<long>(DistributorCallsName, "{call}",
            "Calls to a distributor's API, by distributor, operation and outcome (one per call as the adapter sees it, retries inside it included).");
        distributorCallDuration = meter.CreateHistogram<double>(DistributorCallDurationName, "s",
            "How long a distributor call took, permit wait and retries included.");
        answerProblems = meter.CreateCounter<long>(AnswerProblemsName, "{answer}",
            "Distributor answers an adapter could not fully read (a field missing, of another type, an unknown value).");
        rateLimited = meter.CreateCounter<long>(RateLimitedName, "{wait}",
            "Times a call waited or was refused for a rate limit: source 'distributor' (its 429) or 'budget' (our own limit).");
        breakerOpened = meter.CreateCounter<long>(BreakerOpenedName, "{opening}",
            "Circuit breaker openings per distributor (this instance's breaker).");
        credentialsRejected = meter.CreateCounter<long>(CredentialsRejectedName, "{rejection}",
            "Connections whose credentials a distributor refused.");
        monitorsStartedBySweeper = meter.CreateCounter<long>(MonitorsStartedBySweeperName, "{monitor}",
            "Tracking monitors the sweeper had to start because a tracked PO had none.");
        webhookDeliveries = meter.CreateCounter<long>(WebhookDeliveriesName, "{attempt}",
            "Webhook delivery attempts to the platform by outcome: delivered, failed (to be retried) or abandoned.");
        emails = meter.CreateCounter<long>(EmailsName, "{email}",
            "Customer emails by outcome: sent, failed (retried), abandoned (given up), not_configured or no_address.");
        feedRuns = meter.CreateCounter<long>(FeedRunsName, "{run}",
            "Feed runs by distributor and outcome (the run's outcome in snake case: rejected_by_drift_guard means the drift guard kept yesterday's index).");
    }

    public void DistributorCall(string distributor, string operation, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { Tags.Distributor, distributor }, { Tags.Operation, operation }, { Tags.Outcome, outcome } };
        distributorCalls.Add(1, tags);
        distributorCallDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void AnswerProblem(string distributor, string operation) =>
        answerProblems.Add(1, new TagList { { Tags.Distributor, distributor }, { Tags.Operation, operation } });

    public void RateLimited(string distributor, string source) =>
        rateLimited.Add(1, new TagList { { Tags.Distributor, distributor }, { Tags.Source, source } });

    public void BreakerOpened(string distributor) => breakerOpened.Add(1, new TagList { { Tags.Distributor, distributor } });

    public void CredentialsRejected(string distributor) => credentialsRejected.Add(1, new TagList { { Tags.Distributor, distributor } });

    public void MonitorStartedBySweeper() => monitorsStartedBySweeper.Add(1);

    public void WebhookDelivery(string eventType, string outcome) =>
        webhookDeliveries.Add(1, new TagList { { Tags.EventType, eventType }, { Tags.Outcome, outcome } });

    public void Email(string outcome) => emails.Add(1, new TagList { { Tags.Outcome, outcome } });

    /// <summary>The outcome tag is the run's outcome in snake case (succeeded, unchanged, rejected_by_drift_guard, skipped_daily_limit, failed).</summary>
    public void FeedRun(string distributor, FeedRunOutcome outcome) =>
        feedRuns.Add(1, new TagList { { Tags.Distributor, distributor }, { Tags.Outcome, JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString()) } });

    /// <summary>The meter factory and this class; every slice that records calls it, so a slice composed alone has them too.</summary>
    public static IServiceCollection AddDropShipMetrics(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<DropShipMetrics>();
        return services;
    }

    /// <summary>Tag names (dimensions in Application Insights' customMetrics).</summary>
    public static class Tags
    {
        public const string Distributor = "distributor";
        public const string Operation = "operation";
        public const string Outcome = "outcome";
        public const string Source = "source";
        public const string EventType = "event_type";
    }

    /// <summary>The outcome words. A distributor call's outcome is decided in one place (DistributorCallMetrics).</summary>
    public static class Outcomes
    {
        public const string Success = "success";
        public const string Rejected = "rejected";
        public const string CredentialsRejected = "credentials_rejected";
        public const string RateLimited = "rate_limited";
        public const string ServerError = "server_error";
        public const string TimedOut = "timed_out";
        public const string Unreachable = "unreachable";
        public const string BreakerOpen = "breaker_open";
        public const string Delivered = "delivered";
        public const string Failed = "failed";
        public const string Abandoned = "abandoned";
        public const string Sent = "sent";
        public const string NotConfigured = "not_configured";
        public const string NoAddress = "no_address";
    }

    /// <summary>Where a rate-limit wait came from.</summary>
    public static class Sources
    {
        public const string Distributor = "distributor";
        public const string Budget = "budget";
    }
}
