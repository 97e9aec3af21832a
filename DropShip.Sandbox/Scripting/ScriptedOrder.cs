namespace DropShip.Sandbox.Scripting;

public enum FulfilmentStatus
{
    Open,
    Partial,
    Shipped,
}

internal sealed record OrderLine(string PartNumber, int Quantity);

/// <summary>One box: its tracking number and the units in it. Lines can be empty when fewer units than packages were ordered.</summary>
internal sealed record Package(int Index, string TrackingNumber, string Carrier, IReadOnlyList<OrderLine> Lines);

/// <summary>The answer to one status lookup: either rate limited, or how many of the packages have shipped so far.</summary>
internal sealed record StatusCheck(bool RateLimited, TimeSpan? RetryAfter, IReadOnlyList<Package> Packages, int ShippedCount, bool Unreadable = false)
{
    public IEnumerable<Package> Shipped => Packages.Take(ShippedCount);

    public FulfilmentStatus Status => StatusOf(Packages, ShippedCount);

    public static FulfilmentStatus StatusOf(IReadOnlyCollection<Package> packages, int shippedCount) =>
        shippedCount == 0 ? FulfilmentStatus.Open
        : shippedCount >= packages.Count ? FulfilmentStatus.Shipped
        : FulfilmentStatus.Partial;

    public int ShippedQuantity(string partNumber) =>
        Shipped.SelectMany(package => package.Lines)
            .Where(line => string.Equals(line.PartNumber, partNumber, StringComparison.OrdinalIgnoreCase))
            .Sum(line => line.Quantity);
}

/// <summary>
/// An accepted order whose progress is driven by the script it was placed under (snapshotted at order time, so later script changes
/// do not rewrite history). Every status lookup counts as one check, rate-limited ones included.
/// </summary>
internal sealed class ScriptedOrder
{
    private int checks;

    public ScriptedOrder(string purchaseOrder, string orderNumber, IReadOnlyList<OrderLine> lines, PartScript script, DateTimeOffset placedAt)
    {
        PurchaseOrder = purchaseOrder;
        OrderNumber = orderNumber;
        Lines = lines;
        Script = script;
        PlacedAt = placedAt;
        Packages = SplitIntoPackages(purchaseOrder, lines, script);
    }

    public string PurchaseOrder { get; }

    public string OrderNumber { get; }

    public IReadOnlyList<OrderLine> Lines { get; }

    public PartScript Script { get; }

    public DateTimeOffset PlacedAt { get; }

    /// <summary>Packages ship on the day the order was placed: the sandbox does not model transit days.</summary>
    public DateTimeOffset ShipDate => PlacedAt;

    public IReadOnlyList<Package> Packages { get; }

    public int Checks => Volatile.Read(ref checks);

    /// <summary>Counts one status lookup and answers it.</summary>
    public StatusCheck Check()
    {
        var check = Interlocked.Increment(ref checks);
        return check <= Script.RateLimitedChecks
            ? new StatusCheck(true, Script.RetryAfter, Packages, 0)
            : new StatusCheck(false, null, Packages, ShippedAfter(check), Unreadable: check <= Script.RateLimitedChecks + Script.UnreadableChecks);
    }

    /// <summary>The state as of the last lookup, without counting a new one (for listings that are not a lookup of this PO).</summary>
    public StatusCheck Peek() => new(false, null, Packages, ShippedAfter(Checks));

    private int ShippedAfter(int check)
    {
        if (check <= Script.RateLimitedChecks)
        {
            return 0;
        }

        if (Script.ShipAfterChecks > 0 && check >= Script.ShipAfterChecks)
        {
            return Packages.Count;
        }

        return Script.PartialAfterChecks > 0 && check >= Script.PartialAfterChecks ? 1 : 0;
    }

    /// <summary>
    /// Spreads the units over the packages in order, earlier packages taking the remainder, so package 1 (the one a partial shipment sends)
    /// always carries something.
    /// </summary>
    private static List<Package> SplitIntoPackages(string purchaseOrder, IReadOnlyList<OrderLine> lines, PartScript script)
    {
        var units = lines.SelectMany(line => Enumerable.Repeat(line.PartNumber, Math.Max(0, line.Quantity))).ToList();
        var count = script.Packages;
        var carrier = Carriers.Canonical(script.Carrier) ?? Carriers.Ups;
        var packages = new List<Package>(count);
        for (var index = 0; index < count; index++)
        {
            var start = (index * units.Count + count - 1) / count;
            var end = ((index + 1) * units.Count + count - 1) / count;
            var packageLines = units.Skip(start).Take(end - start)
                .GroupBy(part => part, StringComparer.OrdinalIgnoreCase)
                .Select(group => new OrderLine(group.Key, group.Count()))
                .ToList();
            packages.Add(new Package(index + 1, Carriers.TrackingNumber(carrier, purchaseOrder, index + 1), carrier, packageLines));
        }

        return packages;
    }
}
