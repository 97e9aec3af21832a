using System.Text;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;

namespace DropShip.Core.Distributors.Wps;

/// <summary>
/// WPS <c>Pricing/WPS_Daily_Combined.csv</c> over FTP. The header names are not documented, so columns are looked up by
/// name when the header names the SKU (sku, item_sku, part_number), else by the positions a known script uses
/// (0 SKU, 4 list price, 5 dealer cost, 10 a Y/N flag where N means closeout, 24 quantity). The names tried are those of
/// the WPS API's item and inventory objects (standard_dealer_price, list_price, mapp_price, status, ca_warehouse...).
/// Quantities are capped at 25 per warehouse by WPS: a figure at the cap is a floor.
/// </summary>
public sealed class WpsFeed : IDistributorFeed
{
    public const int WarehouseCap = 25;
    public const string FileName = "WPS_Daily_Combined.csv";

    private static readonly (string Code, string[] Names)[] WarehouseColumns =
    [
        ("CA", ["ca_warehouse", "ca_qty", "fresno"]),
        ("GA", ["ga_warehouse", "ga_qty", "midway"]),
        ("ID", ["id_warehouse", "id_qty", "boise"]),
        ("IN", ["in_warehouse", "in_qty", "ashley"]),
        ("PA", ["pa_warehouse", "pa_qty", "elizabethtown"]),
        ("PA2", ["pa2_warehouse", "pa2_qty", "jessup"]),
        ("TX", ["tx_warehouse", "tx_qty", "midlothian"]),
    ];

    public string Distributor => WpsDistributor.Key;

    public FeedSourceOptions Defaults { get; } = new() { Protocol = FeedProtocol.Ftp, Host = "ftp.wpsstatic.com", Path = "Pricing/" + FileName };

    public IReadOnlyList<FeedFile> Files(FeedSourceOptions source) => [new(FileName, source.Path ?? Defaults.Path!)];

    public IEnumerable<FeedRecord> Parse(IFeedFiles files, FeedSourceOptions source, RejectedLines rejected)
    {
        using var stream = files.Open(FileName);
        foreach (var record in Parse(stream, rejected)) yield return record;
    }

    public static IEnumerable<FeedRecord> Parse(Stream stream, RejectedLines rejected)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        using var csv = new CsvFeedReader(text);
        if (!csv.Read()) yield break;
        var layout = Layout.From(new CsvHeader(csv.Fields()));

        var warehouses = new List<WarehouseStock>(WarehouseColumns.Length);
        while (csv.Read())
        {
            if (csv.IsBadData) { rejected.Add(FileName, csv.LineNumber, "unbalanced quote", csv.RawRecord); continue; }
            if (csv.FieldCount <= layout.Sku) { rejected.Add(FileName, csv.LineNumber, $"expected at least {layout.Sku + 1} fields, found {csv.FieldCount}", csv.RawRecord); continue; }
            var sku = csv.Span(layout.Sku).Trim().ToString();
            if (sku.Length == 0) { rejected.Add(FileName, csv.LineNumber, "empty SKU", csv.RawRecord); continue; }
            if (csv.FieldCount <= layout.MaxIndex) { rejected.Add(FileName, csv.LineNumber, $"expected {layout.MaxIndex + 1} fields, found {csv.FieldCount}", csv.RawRecord); continue; }

            if (!FeedValues.TryParsePrice(Field(csv, layout.Dealer), out var dealer)) { rejected.Add(FileName, csv.LineNumber, "dealer price is not a number", csv.RawRecord); continue; }
            if (!FeedValues.TryParsePrice(Field(csv, layout.List), out var list)) { rejected.Add(FileName, csv.LineNumber, "list price is not a number", csv.RawRecord); continue; }
            if (!FeedValues.TryParsePrice(Field(csv, layout.Map), out var map)) { rejected.Add(FileName, csv.LineNumber, "MAP price is not a number", csv.RawRecord); continue; }

            warehouses.Clear();
            int total = 0;
            var floor = false;
            var bad = false;
            foreach (var (code, index) in layout.Warehouses)
            {
                if (!FeedValues.TryParseQuantity(Field(csv, index), WarehouseCap, out var q, out var f)) { bad = true; break; }
                warehouses.Add(new WarehouseStock(code, q, f));
                total += q;
                floor |= f;
            }
            if (!bad && layout.Warehouses.Length == 0 && layout.Total >= 0)
                bad = !FeedValues.TryParseQuantity(Field(csv, layout.Total), WarehouseCap, out total, out floor);
            if (bad) { rejected.Add(FileName, csv.LineNumber, "quantity is not a whole number", csv.RawRecord); continue; }

            string? status = layout.Status >= 0 ? csv.Span(layout.Status).Trim().ToString() : null;
            var availability = FeedValues.AvailabilityFromStatus(status);
            if (layout.CloseoutFlag >= 0 && csv.Span(layout.CloseoutFlag).Trim().Equals("N", StringComparison.OrdinalIgnoreCase) && availability == PartAvailability.Available)
                availability = PartAvailability.Closeout;

            yield return new FeedRecord(sku, total, floor, warehouses.ToArray(), dealer, list, map, availability, string.IsNullOrEmpty(status) ? null : status) { SourceFile = FileName, LineNumber = csv.LineNumber };
        }
    }

    private static ReadOnlySpan<char> Field(CsvFeedReader csv, int index) => index < 0 ? default : csv.Span(index);

    private sealed record Layout(int Sku, int List, int Dealer, int Map, int Status, int CloseoutFlag, int Total, (string Code, int Index)[] Warehouses)
    {
        public int MaxIndex { get; } = new[] { Sku, List, Dealer, Map, Status, CloseoutFlag, Total }.Concat(Warehouses.Select(w => w.Index)).Max();

        public static Layout From(CsvHeader header)
        {
            var sku = header.IndexOf("sku", "item_sku", "part_number", "vendor_sku");
            if (sku < 0)
                return new Layout(Sku: 0, List: 4, Dealer: 5, Map: -1, Status: -1, CloseoutFlag: 10, Total: 24, Warehouses: []);
            return new Layout(
                sku,
                List: header.IndexOf("list_price", "retail_price", "msrp", "retail"),
                Dealer: header.IndexOf("dealer_price", "standard_dealer_price", "dealer_cost", "your_price", "cost"),
                Map: header.IndexOf("mapp_price", "map_price", "map"),
                Status: header.IndexOf("status", "status_id", "item_status"),
                CloseoutFlag: -1,
                Total: header.IndexOf("total", "total_qty", "total_quantity", "quantity", "qty"),
                Warehouses: WarehouseColumns.Select(w => (w.Code, Index: header.IndexOf(w.Names))).Where(w => w.Index >= 0).ToArray());
        }
    }
}
