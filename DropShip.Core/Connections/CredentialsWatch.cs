using DropShip.Core.Attention;
using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Platform;
using Microsoft.Extensions.Logging;

namespace DropShip.Core.Connections;

/// <summary>
/// Credentials a distributor refuses, on any call, become a signal once: the connection shows CredentialsRejected (with
/// the time and the call, in its history too), the dealer's attention list names it, and the platform gets a
/// connection.credentials_rejected event. Tracking then stops calling with them (ShipmentTracker), eligibility names the
/// reason, and both end by themselves when a PUT replaces the credentials or a verify finds them accepted again.
/// Every step is idempotent (the connection keeps its first rejection, the entry and the event ids derive from it).
/// </summary>
public sealed class CredentialsWatch(
    DistributorConnections connections,
    AttentionIndex attention,
    WebhookOutbox webhooks,
    DropShipMetrics metrics,
    ILogger<CredentialsWatch> logger)
{
    public async Task RejectedAsync(DistributorAccount account, IDistributor distributor, DistributorCall call, string message, CancellationToken cancellationToken)
    {
        var profile = distributor.Profile;
        if (await connections.MarkCredentialsRejectedAsync(account.StoreId, distributor, call, message, cancellationToken) is not var (rejection, marked)) return;
        if (marked) metrics.CredentialsRejected(profile.Key);
        await attention.RaiseAsync(account.StoreId, AttentionItem.ForConnection(profile.Key, profile.DisplayName, AttentionReasons.CredentialsRejected, rejection.At,
            $"{profile.DisplayName} refused the credentials on {rejection.Call}: {rejection.Message}"), cancellationToken);
        await webhooks.PublishAsync(PlatformEvent.CredentialsRejected(account.StoreId, profile.Key, rejection), cancellationToken);
        logger.LogWarning("{Distributor} refused the credentials of store {StoreId} on {Call}", profile.Key, account.StoreId, call);
    }

    /// <summary>The verify call, whose answer also ends or starts a rejection.</summary>
    public async Task<VerifyResult> VerifyAsync(DistributorAccount account, IDistributor distributor, CancellationToken cancellationToken)
    {
        var result = await distributor.VerifyAsync(account, cancellationToken);
        if (result.Outcome == VerifyOutcome.InvalidCredentials)
            await RejectedAsync(account, distributor, DistributorCall.Verify, result.Message, cancellationToken);
        else if (result.Outcome == VerifyOutcome.Ok && account.CredentialsRejectedAt is not null &&
                 await connections.ClearCredentialsRejectionAsync(account.StoreId, distributor, cancellationToken))
            await attention.ResolveAsync(account.StoreId, AttentionItem.IdFor(AttentionSubject.Connection, distributor.Profile.Key, AttentionReasons.CredentialsRejected), cancellationToken);
        return result;
    }
}
