using System.Text;
using DropShip.Core.Feeds;
using DropShip.Core.Feeds.Parsing;

namespace DropShip.Tests.Distributors.Fifth;

/// <summary>The fifth distributor's morning file: a CSV of part_number,quantity under its own defaults.</summary>
public sealed class FifthFeed : IDistributorFeed
{
    public const string FileName = "stock.csv";

    public string Distributor => FifthDistributor.Key;

    public FeedSourceOptions Defaults { get; } = new() { Protocol = FeedProtocol.Ftp, Path = FileName };

    public IReadOnlyList<FeedFile> Files(FeedSourceOptions source) => [new(FileName, source.Path ?? FileName)];

    public IEnumerable<FeedRecord> Parse(IFeedFiles files, FeedSourceOptions source, RejectedLines rejected)
    {
        using var text = new StreamReader(files.Open(FileName), Encoding.UTF8);
        using var csv = new CsvFeedReader(text);
        if (!csv.Read()) yield break;
        while (csv.Read())
        {
            if (csv.IsBadData || csv.FieldCount < 2) { rejected.Add(FileName, csv.LineNumber, "expected part_number,quantity", csv.RawRecord); continue; }
            var part = csv.Span(0).Trim().ToString();
            if (part.Length == 0 || !FeedValues.TryParseQuantity(csv.Span(1), null, out var quantity, out var floor))
            {
                rejected.Add(FileName, csv.LineNumber, "empty part number or quantity not a whole number", csv.RawRecord);
                continue;
            }
            yield return new FeedRecord(part, quantity, floor, [], null, null, null, PartAvailability.Available, null)
            { SourceFile = FileName, LineNumber = csv.LineNumber };
        }
    }
}
