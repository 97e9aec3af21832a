using System.IO.Compression;
using System.Text;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;

namespace DropShip.Core.Distributors.PartsUnlimited;

/// <summary>
/// Parts Unlimited's price file: an HTTP POST (Basic auth "{dealer}/{user}:{password}") that answers with a ZIP holding
/// <c>BasePriceFile.csv</c>. PU allows two calls a day per account, so the source defaults to
/// <see cref="FeedSourceOptions.MaxDownloadsPerDay"/> = 2, enforced from the run history.
/// Availability columns (WI, NY, TX, NV, NC, National) hold "N/A" (none) or "10+" (a floor).
/// Assumptions (the layout is known only from scripts): the punctuated part number is the key because PU's order API
/// takes it; "Closeout Catalog Indicator" Y/T means closeout; "Part Status" NLA/D/Discontinued means no longer
/// available; "Ad Policy" Y/T means the suggested retail is the advertised minimum (MAP).
/// </summary>
public sealed class PartsUnlimitedFeed : IDistributorFeed
{
    public const string ArchiveName = "pricefile.zip";
    public const string EntryName = "BasePriceFile.csv";

    private static readonly (string Code, string Column)[] WarehouseColumns =
        [("WI", "WI Availability"), ("NY", "NY Availability"), ("TX", "TX Availability"), ("NV", "NV Availability"), ("NC", "NC Availability")];

    public string Distributor => PartsUnlimitedDistributor.Key;

    public FeedSourceOptions Defaults { get; } = new()
    {
        Protocol = FeedProtocol.Https,
        Host = "dealer.parts-unlimited.com",
        Path = "api/quotes/v2/pricefile",
        RequestBody = "{}",
        MaxDownloadsPerDay = 2,
    };

    public IReadOnlyList<FeedFile> Files(FeedSourceOptions source) => [new(ArchiveName, source.Path ?? Defaults.Path!)];

    public IEnumerable<FeedRecord> Parse(IFeedFiles files, FeedSourceOptions source, RejectedLines rejected)
    {
        // The archive's read stream is seekable, so ZipArchive reads the central directory without buffering the file.
        using var stream = files.Open(ArchiveName);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var entry = zip.Entries.FirstOrDefault(e => e.Name.Equals(EntryName, StringComparison.OrdinalIgnoreCase))
            ?? throw new FeedFormatException($"The Parts Unlimited price file has no {EntryName} (entries: {string.Join(", ", zip.Entries.Take(10).Select(e => e.FullName))}).");
        using var csvStream = entry.Open();
        foreach (var record in ParseBasePriceFile(csvStream, rejected)) yield return record;
    }

    public static IEnumerable<FeedRecord> ParseBasePriceFile(Stream stream, RejectedLines rejected)
    {
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        using var csv = new CsvFeedReader(text);
        if (!csv.Read()) yield break;
        var header = new CsvHeader(csv.Fields());
        var part = header.IndexOf("Punctuated Part Number", "Part Number");
        if (part < 0) throw new FeedFormatException($"{EntryName} has no \"Part Number\" column in its header.");
        var dealer = header.IndexOf("Your Dealer Price", "Base Dealer Price");
        var retail = header.IndexOf("Current Suggested Retail", "Original Retail");
        var adPolicy = header.IndexOf("Ad Policy");
        var status = header.IndexOf("Part Status");
        var closeout = header.IndexOf("Closeout Catalog Indicator");
        var national = header.IndexOf("National Availability");
        var warehouses = WarehouseColumns.Select(w => (w.Code, Index: header.IndexOf(w.Column))).Where(w => w.Index >= 0).ToArray();
        var maxIndex = new[] { part, dealer, retail, adPolicy, status, closeout, national }.Concat(warehouses.Select(w => w.Index)).Max();

        var stock = new List<WarehouseStock>(warehouses.Length);
        while (csv.Read())
        {
            if (csv.IsBadData) { rejected.Add(EntryName, csv.LineNumber, "unbalanced quote", csv.RawRecord); continue; }
            if (csv.FieldCount <= maxIndex) { rejected.Add(EntryName, csv.LineNumber, $"expected {maxIndex + 1} fields, found {csv.FieldCount}", csv.RawRecord); continue; }
            var partNumber = csv.Span(part).Trim().ToString();
            if (partNumber.Length == 0) { rejected.Add(EntryName, csv.LineNumber, "empty part number", csv.RawRecord); continue; }
            if (!FeedValues.TryParsePrice(dealer < 0 ? default : csv.Span(dealer), out var cost)) { rejected.Add(EntryName, csv.LineNumber, "dealer price is not a number", csv.RawRecord); continue; }
            if (!FeedValues.TryParsePrice(retail < 0 ? default : csv.Span(retail), out var suggested)) { rejected.Add(EntryName, csv.LineNumber, "retail price is not a number", csv.RawRecord); continue; }

            stock.Clear();
            var sum = 0;
            var floor = false;
            var bad = false;
            foreach (var (code, index) in warehouses)
            {
                if (!FeedValues.TryParseQuantity(csv.Span(index), null, out var q, out var f)) { bad = true; break; }
                stock.Add(new WarehouseStock(code, q, f));
                sum += q;
                floor |= f;
            }
            var total = sum;
            if (!bad && national >= 0)
            {
                bad = !FeedValues.TryParseQuantity(csv.Span(national), null, out total, out var nationalFloor);
                floor = nationalFloor || (floor && total <= sum);
            }
            if (bad) { rejected.Add(EntryName, csv.LineNumber, "availability is neither a number, \"N+\" nor \"N/A\"", csv.RawRecord); continue; }

            var statusText = status >= 0 ? csv.Span(status).Trim().ToString() : "";
            var availability = FeedValues.AvailabilityFromStatus(statusText);
            if (closeout >= 0 && FeedValues.IsYes(csv.Span(closeout)) && availability == PartAvailability.Available) availability = PartAvailability.Closeout;
            var map = adPolicy >= 0 && FeedValues.IsYes(csv.Span(adPolicy)) ? suggested : null;

            yield return new FeedRecord(partNumber, total, floor, stock.ToArray(), cost, suggested, map, availability, statusText.Length == 0 ? null : statusText) { SourceFile = EntryName, LineNumber = csv.LineNumber };
        }
    }
}
