using System.Globalization;
using System.Text;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;

namespace DropShip.Core.Distributors.Tucker;

/// <summary>
/// Tucker's two files: the fixed-width Latin-1 item master <c>itemmstrnew</c> (item [0,6), status [36] 'C' closeout, 'D' discontinued,
/// dealer cost [38,46), retail [56,64), 0-based) and the <c>invupd</c> CSV (item,qty). Quantities are capped at 9
/// ("9 means 9 or more"). The inventory file is small (two short columns), so it is loaded into a dictionary and
/// the item master is streamed against it. Prices are read as written (the known script reads them as decimals).
/// </summary>
public sealed class TuckerFeed : IDistributorFeed
{
    public const int QuantityCap = 9;
    public const string ItemMaster = "itemmstrnew";
    public const string Inventory = "invupd";
    private static readonly Encoding Latin1 = Encoding.Latin1;

    public string Distributor => TuckerDistributor.Key;

    public FeedSourceOptions Defaults { get; } = new() { Protocol = FeedProtocol.Ftp, Path = ItemMaster, InventoryPath = Inventory };

    public IReadOnlyList<FeedFile> Files(FeedSourceOptions source) =>
        [new(ItemMaster, source.Path ?? ItemMaster), new(Inventory, source.InventoryPath ?? Inventory)];

    public IEnumerable<FeedRecord> Parse(IFeedFiles files, FeedSourceOptions source, RejectedLines rejected)
    {
        Dictionary<string, (int Quantity, bool Floor)> inventory;
        using (var stream = files.Open(Inventory)) inventory = ReadInventory(stream, rejected);
        using var master = files.Open(ItemMaster);
        foreach (var record in Parse(master, inventory, rejected)) yield return record;
    }

    public static Dictionary<string, (int Quantity, bool Floor)> ReadInventory(Stream stream, RejectedLines rejected)
    {
        var inventory = new Dictionary<string, (int, bool)>(StringComparer.Ordinal);
        using var text = new StreamReader(stream, Latin1, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        using var csv = new CsvFeedReader(text);
        var first = true;
        while (csv.Read())
        {
            var isFirst = first;
            first = false;
            if (csv.IsBadData || csv.FieldCount < 2) { rejected.Add(Inventory, csv.LineNumber, "expected item,qty", csv.RawRecord); continue; }
            var item = csv.Span(0).Trim().ToString();
            if (!FeedValues.TryParseQuantity(csv.Span(1), QuantityCap, out var q, out var floor) || item.Length == 0)
            {
                // A header line ("item,qty") is not an error.
                if (!isFirst) rejected.Add(Inventory, csv.LineNumber, "quantity is not a whole number", csv.RawRecord);
                continue;
            }
            inventory[item] = (q, floor);
        }
        return inventory;
    }

    public static IEnumerable<FeedRecord> Parse(Stream itemMaster, Dictionary<string, (int Quantity, bool Floor)> inventory, RejectedLines rejected)
    {
        using var reader = new StreamReader(itemMaster, Latin1, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (line.Length < 46) { rejected.Add(ItemMaster, lineNumber, $"line is {line.Length} characters, the layout needs at least 46", line); continue; }
            var item = line.AsSpan(0, 6).Trim().ToString();
            if (item.Length == 0) { rejected.Add(ItemMaster, lineNumber, "empty item number", line); continue; }
            if (!FeedValues.TryParsePrice(line.AsSpan(38, 8), out var cost)) { rejected.Add(ItemMaster, lineNumber, "dealer cost [38,46) is not a number", line); continue; }
            decimal? retail = null;
            if (line.Length > 56 && !FeedValues.TryParsePrice(line.AsSpan(56, Math.Min(8, line.Length - 56)), out retail)) { rejected.Add(ItemMaster, lineNumber, "retail [56,64) is not a number", line); continue; }
            var statusChar = line[36];
            // Item master status: C closeout (still orderable while stock lasts), D discontinued (not orderable).
            var availability = char.ToUpperInvariant(statusChar) switch
            {
                'C' => PartAvailability.Closeout,
                'D' => PartAvailability.NoLongerAvailable,
                _ => PartAvailability.Available,
            };
            var hasStock = inventory.Remove(item, out var stock);
            yield return new FeedRecord(item, hasStock ? stock.Quantity : 0, hasStock && stock.Floor, [],
                cost, retail, null, availability, statusChar == ' ' ? null : statusChar.ToString(CultureInfo.InvariantCulture))
            { SourceFile = ItemMaster, LineNumber = lineNumber };
        }
        // Stocked items the master did not list still have a quantity worth knowing.
        foreach (var (item, stock) in inventory.OrderBy(i => i.Key, StringComparer.Ordinal))
            yield return new FeedRecord(item, stock.Quantity, stock.Floor, [], null, null, null, PartAvailability.Available, null) { SourceFile = Inventory };
    }
}
