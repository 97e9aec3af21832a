namespace DropShip.Core.Tracking;

/// <summary>
/// The monitor's whole state, passed from one execution to the next with ContinueAsNew. The deadline is computed once,
/// when tracking starts, so configuration changes never move it for a running PO.
/// </summary>
public sealed record TrackingState(
    string StoreId,
    string PoNumber,
    DateTime SubmittedAt,
    DateTime Deadline,
    DateTime NextCheckAt,
    int Checks,
    int ConsecutiveErrors,
    int NotFoundCount,
    TrackingPolicy Policy)
{
    public static TrackingState Start(string storeId, string poNumber, DateTime submittedAtUtc, bool unconfirmed, TrackingPolicy policy) => new(
        storeId, poNumber, submittedAtUtc, submittedAtUtc + policy.Deadline, TrackingSchedule.FirstCheck(submittedAtUtc, unconfirmed, policy),
        Checks: 0, ConsecutiveErrors: 0, NotFoundCount: 0, policy);
}

public sealed record CheckShipmentInput(string StoreId, string PoNumber, int NotFoundSoFar, int ReconcileAttempts);

public enum CheckOutcome
{
    /// <summary>Found; not everything has shipped.</summary>
    Pending,
    /// <summary>Everything has shipped.</summary>
    Shipped,
    /// <summary>An unconfirmed PO the distributor does not (yet) know.</summary>
    NotFoundYet,
    /// <summary>Reconciliation gave up: the distributor never got the PO. It is Failed and the item claim released.</summary>
    Failed,
    RateLimited,
    Error,
    /// <summary>The PO is gone or no longer tracked.</summary>
    Stopped,
}

/// <param name="PendingNotifications">Tracking numbers recorded on the PO whose customer email, note or webhook is not yet done.</param>
public sealed record CheckShipmentResult(CheckOutcome Outcome, IReadOnlyList<string> PendingNotifications, TimeSpan? RetryAfter, string? Message);

public sealed record NotifyShipmentInput(string StoreId, string PoNumber, IReadOnlyList<string> TrackingNumbers);

public sealed record StopTrackingInput(string StoreId, string PoNumber);
