using System.Text;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;

namespace DropShip.Core.Distributors.Automatic;

/// <summary>
/// Automatic Distributors: nothing about its file is documented, so the CSV is configurable. Column header names come
/// from <c>Feeds:Sources:automatic:Columns:{PartNumber|Quantity|DealerCost|Retail|Map|Status}</c>; the defaults are
/// part_number, quantity, dealer_cost, retail, map, status. Quantities written "N+" are floors.
/// </summary>
public sealed class AutomaticFeed : IDistributorFeed
{
    public const string DefaultFileName = "inventory.csv";

    public string Distributor => AutomaticDistributor.Key;

    public FeedSourceOptions Defaults { get; } = new()
    {
        Protocol = FeedProtocol.Ftp,
        Path = DefaultFileName,
        Columns = new(StringComparer.OrdinalIgnoreCase)
        {
            ["PartNumber"] = "part_number",
            ["Quantity"] = "quantity",
            ["DealerCost"] = "dealer_cost",
            ["Retail"] = "retail",
            ["Map"] = "map",
            ["Status"] = "status",
        },
    };

    public IReadOnlyList<FeedFile> Files(FeedSourceOptions source)
    {
        var path = source.Path ?? DefaultFileName;
        return [new(Path.GetFileName(path.TrimEnd('/')) is { Length: > 0 } name ? name : DefaultFileName, path)];
    }

    public IEnumerable<FeedRecord> Parse(IFeedFiles files, FeedSourceOptions source, RejectedLines rejected)
    {
        // Columns missing from the configuration keep their default names.
        var columns = new Dictionary<string, string>(Defaults.Columns, StringComparer.OrdinalIgnoreCase);
        foreach (var (field, name) in source.Columns) columns[field] = name;
        var file = Files(source)[0].Name;
        using var stream = files.Open(file);
        foreach (var record in Parse(stream, file, columns, rejected)) yield return record;
    }

    public static IEnumerable<FeedRecord> Parse(Stream stream, string fileName, IReadOnlyDictionary<string, string> columns, RejectedLines rejected)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        using var csv = new CsvFeedReader(text);
        if (!csv.Read()) yield break;
        var header = new CsvHeader(csv.Fields());
        int Column(string field) => columns.TryGetValue(field, out var name) ? header.IndexOf(name) : -1;
        var part = Column("PartNumber");
        if (part < 0) throw new FeedFormatException($"{fileName} has no part number column \"{columns.GetValueOrDefault("PartNumber")}\" (set Feeds:Sources:automatic:Columns:PartNumber).");
        var quantity = Column("Quantity");
        var cost = Column("DealerCost");
        var retail = Column("Retail");
        var map = Column("Map");
        var status = Column("Status");
        var maxIndex = new[] { part, quantity, cost, retail, map, status }.Max();

        while (csv.Read())
        {
            if (csv.IsBadData) { rejected.Add(fileName, csv.LineNumber, "unbalanced quote", csv.RawRecord); continue; }
            if (csv.FieldCount <= maxIndex) { rejected.Add(fileName, csv.LineNumber, $"expected {maxIndex + 1} fields, found {csv.FieldCount}", csv.RawRecord); continue; }
            var partNumber = csv.Span(part).Trim().ToString();
            if (partNumber.Length == 0) { rejected.Add(fileName, csv.LineNumber, "empty part number", csv.RawRecord); continue; }
            if (!FeedValues.TryParseQuantity(quantity < 0 ? default : csv.Span(quantity), null, out var q, out var floor)) { rejected.Add(fileName, csv.LineNumber, "quantity is not a whole number", csv.RawRecord); continue; }
            if (!FeedValues.TryParsePrice(cost < 0 ? default : csv.Span(cost), out var dealer)) { rejected.Add(fileName, csv.LineNumber, "dealer cost is not a number", csv.RawRecord); continue; }
            if (!FeedValues.TryParsePrice(retail < 0 ? default : csv.Span(retail), out var list)) { rejected.Add(fileName, csv.LineNumber, "retail is not a number", csv.RawRecord); continue; }
            if (!FeedValues.TryParsePrice(map < 0 ? default : csv.Span(map), out var mapPrice)) { rejected.Add(fileName, csv.LineNumber, "MAP is not a number", csv.RawRecord); continue; }
            var statusText = status >= 0 ? csv.Span(status).Trim().ToString() : "";
            yield return new FeedRecord(partNumber, q, floor, [], dealer, list, mapPrice, FeedValues.AvailabilityFromStatus(statusText), statusText.Length == 0 ? null : statusText) { SourceFile = fileName, LineNumber = csv.LineNumber };
        }
    }
}
