using Azure;
using Azure.Data.Tables;
using DropShip.Core.Connections;
using DropShip.Core.Distributors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DropShip.Functions.Health;

/// <summary>
/// What this instance can do and what is degraded: storage, customer email, where secrets live, and the distributors
/// whose circuit breaker is open here. No store data, no secret, no setting's value. Also says once per instance, from
/// inside an invocation (the Functions host drops what a worker logs outside one), that customer email is not configured.
/// </summary>
public sealed partial class AppHealth(
    TableServiceClient tables,
    IConfiguration configuration,
    IOptions<SecretsOptions> secrets,
    DistributorBreakers breakers,
    ILogger<AppHealth> logger)
{
    private int reported;

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        ReportOnce();
        var degraded = new List<DegradedPart>();
        var storage = await StorageReachableAsync(cancellationToken);
        if (!storage) degraded.Add(new("storage", "Table storage is unreachable: nothing can be served."));
        var email = FunctionsRegistration.DescribeCustomerEmail(configuration);
        if (!email.Sends) degraded.Add(new("email", email.Message));
        var keyVault = secrets.Value.UsesKeyVault;
        if (!keyVault) degraded.Add(new("secrets", "Credentials are kept in the local encrypted table, not Key Vault (for local development)."));
        var open = breakers.Open();
        degraded.AddRange(open.Select(d => new DegradedPart($"distributor:{d}", $"Calls to {d} are paused on this instance: its circuit breaker is open after repeated failures.")));
        return new HealthReport(
            !storage ? "unhealthy" : degraded.Count > 0 ? "degraded" : "healthy",
            storage ? "reachable" : "unreachable",
            email.Sends ? "configured" : "notConfigured",
            keyVault ? "keyVault" : "localEncrypted",
            open,
            degraded);
    }

    /// <summary>Logs what is missing once per instance, from inside an invocation (health, the sweep timer).</summary>
    public void ReportOnce()
    {
        if (Interlocked.Exchange(ref reported, 1) == 1) return;
        var email = FunctionsRegistration.DescribeCustomerEmail(configuration);
        if (!email.Sends) EmailWarning(email.Message);
    }

    private async Task<bool> StorageReachableAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1)) break;
            return true;
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Email}")]
    private partial void EmailWarning(string email);
}

/// <param name="Status">healthy, degraded (serving, with the parts named in <paramref name="Degraded"/>) or unhealthy (503).</param>
/// <param name="OpenCircuits">Distributors whose circuit breaker is open on this instance.</param>
public sealed record HealthReport(string Status, string Storage, string Email, string Secrets, IReadOnlyList<string> OpenCircuits, IReadOnlyList<DegradedPart> Degraded)
{
    public bool CanServe() => Storage == "reachable";
}

/// <param name="Part">storage, email, secrets or distributor:{key}.</param>
public sealed record DegradedPart(string Part, string Detail);
