namespace DropShip.Core.PurchaseOrders;

public enum StockConfirmation
{
    /// <summary>The distributor said it could ship the quantity when the order was placed.</summary>
    Confirmed,
    /// <summary>The distributor said it could not; the dealer accepted a backorder.</summary>
    BackorderAccepted,
    /// <summary>The stock check gave no proof either way (no answer in time, throttled, failed, a capped figure below the
    /// quantity, or no live stock at this distributor): the order was placed without it.</summary>
    Unconfirmed,
    /// <summary>Live stock checks are turned off.</summary>
    NotChecked,
}

/// <summary>What the distributor's live stock said just before this PO's order call.</summary>
/// <param name="Quantity">Units the distributor showed (a floor when <paramref name="QuantityIsFloor"/>).</param>
/// <param name="AsOf">When the distributor gave the figure.</param>
public sealed record StockAtSubmit(
    StockConfirmation Outcome,
    int? Quantity,
    bool? QuantityIsFloor,
    DateTimeOffset? AsOf,
    string? Source,
    string Message);
