using DropShip.Core.Distributors;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Tracking;

/// <summary>
/// Which PO lines a package carries: the distributor names parts (Tucker without dashes), the PO has lines per item, so
/// each stated part is matched to the PO's lines of that part and its units go to them in order, each taking what it still
/// lacks (two items of one part share the units). A pure decision.
/// </summary>
public static class ShipmentLines
{
    /// <summary>
    /// The package's PO lines, or null when the distributor did not say (several packages on one WPS order, an answer
    /// without items). A one-line PO's package with stated units carries that line.
    /// </summary>
    /// <param name="shippedSoFar">Units each line (by item id) had shipped before this package.</param>
    public static IReadOnlyList<LineUnits>? Of(IReadOnlyList<PurchaseOrderLine> lines, IReadOnlyDictionary<string, int> shippedSoFar, ShipmentInfo package)
    {
        if (package.Lines is null)
            return lines.Count == 1 && package.Quantity is { } units ? [new LineUnits(lines[0].ItemId, lines[0].PartNumber, units)] : null;

        var shipped = new Dictionary<string, int>(shippedSoFar, StringComparer.Ordinal);
        var result = new List<LineUnits>();
        foreach (var stated in package.Lines.Where(l => l.Quantity > 0))
        {
            var matching = lines.Where(l => SamePart(l.PartNumber, stated.PartNumber)).ToList();
            if (matching.Count == 0) continue;
            var left = stated.Quantity;
            for (var i = 0; i < matching.Count && left > 0; i++)
            {
                var line = matching[i];
                var lacking = line.Quantity - shipped.GetValueOrDefault(line.ItemId);
                // The last matching line takes whatever remains (a distributor shipping more than ordered is still shipped).
                var take = i == matching.Count - 1 ? left : Math.Min(left, Math.Max(0, lacking));
                if (take <= 0) continue;
                shipped[line.ItemId] = shipped.GetValueOrDefault(line.ItemId) + take;
                left -= take;
                result.Add(new LineUnits(line.ItemId, line.PartNumber, take));
            }
        }
        return result.Count > 0
            ? result.GroupBy(l => l.ItemId, StringComparer.Ordinal).Select(g => g.First() with { Quantity = g.Sum(l => l.Quantity) }).ToList()
            : null;
    }

    /// <summary>What each line still lacks after <paramref name="shippedSoFar"/>, or null when nothing does.</summary>
    public static IReadOnlyList<LineUnits>? Remainder(IReadOnlyList<PurchaseOrderLine> lines, IReadOnlyDictionary<string, int> shippedSoFar)
    {
        var lacking = lines.Select(l => new LineUnits(l.ItemId, l.PartNumber, l.Quantity - shippedSoFar.GetValueOrDefault(l.ItemId))).Where(l => l.Quantity > 0).ToList();
        return lacking.Count > 0 ? lacking : null;
    }

    /// <summary>Every line has shipped its quantity.</summary>
    public static bool AllShipped(PurchaseOrder po)
    {
        var shipped = po.ShippedPerLine();
        return po.Lines.All(l => shipped.GetValueOrDefault(l.ItemId) >= l.Quantity);
    }

    /// <summary>Part numbers compared as distributors echo them: case aside, and without dashes (Tucker drops them).</summary>
    private static bool SamePart(string ours, string theirs) =>
        string.Equals(ours.Trim(), theirs.Trim(), StringComparison.OrdinalIgnoreCase)
        || string.Equals(ours.Replace("-", "", StringComparison.Ordinal).Trim(), theirs.Replace("-", "", StringComparison.Ordinal).Trim(), StringComparison.OrdinalIgnoreCase);
}
