using System.Text.Json.Serialization;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.Feeds.Parsing;
using Microsoft.Extensions.Options;
using static DropShip.Core.Distributors.DistributorHttp;

namespace DropShip.Core.Distributors.Tucker;

/// <summary>
/// Tucker Rocky live stock: TRWS type=INV with one item= per part (dashes removed), answering INV.item[].inventory (the
/// total) and dc[].{dcname, dcinv}. Figures are capped at 9 ("9 means 9 or more"). INP adds a price, but the one public
/// client that reads it calls it a retail price, so it is not shown as the dealer's cost (docs/live-availability.md).
/// The API key travels in the query string: nothing Tucker sends back is repeated in a result.
/// </summary>
public sealed class TuckerAvailability(IHttpClientFactory httpClients, IOptionsMonitor<DistributorEndpointOptions> endpoints, AnswerProblemLog answers) : IDistributorAvailability
{
    private const string Name = TuckerDistributor.Name;

    public string Distributor => TuckerDistributor.Key;

    /// <summary>TRWS takes repeated item= parameters; an item lists at most 10 parts anyway.</summary>
    public string Source => "Tucker Rocky TRWS INV";

    public int MaxPartsPerCall => 10;

    public async Task<AvailabilityAnswer> CheckAsync(DistributorAccount account, IReadOnlyList<string> partNumbers, CancellationToken cancellationToken)
    {
        var options = endpoints.Get(Distributor);
        // A part that is not a Tucker item number (it could add fields to the query) is not asked about: it stays unknown.
        var items = partNumbers.Select(TuckerDistributor.ItemNumber).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (items.Count == 0) return new AvailabilityAnswer.Answered(new Dictionary<string, LiveFigures>());
        // Never retried: a live answer that comes too late is worth nothing.
        var request = TuckerDistributor.TrwsRequest(options.BaseFor(account, Name), account, "INV", retryable: false, items.Select(item => ("item", item)));

        var exchange = await SendAsync(httpClients.CreateClient(LookupClient(Distributor)), request, options.LookupTimeout, cancellationToken);
        if (exchange is not Exchange.Answered { IsSuccess: true } ok) return AvailabilityAnswer.Problem(Name, exchange);
        await answers.CheckAsync(account, TuckerAnswers.Stock, ok, cancellationToken: cancellationToken);
        var answer = TuckerJson.Section<TuckerStockAnswer>(ok.Body, "INV");
        if (answer is null) return new AvailabilityAnswer.Failed("Tucker Rocky answered the stock query with something that is not a TRWS answer.");
        if (!string.Equals(answer.Status?.Trim(), "SUCCESSFUL", StringComparison.OrdinalIgnoreCase))
            return new AvailabilityAnswer.Failed("Tucker Rocky answered the stock query with an error.");

        var parts = new Dictionary<string, LiveFigures>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in partNumbers)
        {
            var item = answer.Item?.FirstOrDefault(i => string.Equals(i.Item?.Trim(), TuckerDistributor.ItemNumber(part), StringComparison.OrdinalIgnoreCase));
            // A line with its own error is an item Tucker does not know.
            if (item is null || !string.IsNullOrWhiteSpace(item.ErrorMsg)) continue;
            if (Quantity(item) is not { } stock) continue;
            parts[part] = new LiveFigures(stock.Quantity, stock.IsFloor, DealerCost: null, DropShipFee: null);
        }
        return new AvailabilityAnswer.Answered(parts);
    }

    /// <summary>The total when given, else the sum of the distribution centres; at 9 (the cap) a figure is a floor.</summary>
    private static (int Quantity, bool IsFloor)? Quantity(TuckerItemStock item)
    {
        if (item.Inventory is { } total && FeedValues.TryParseQuantity(total, TuckerFeed.QuantityCap, out var quantity, out var floor))
            return (quantity, floor);
        var centres = (item.Dc ?? []).Select(dc => FeedValues.TryParseQuantity(dc.DcInv, TuckerFeed.QuantityCap, out var q, out var f) ? (q, f) : ((int, bool)?)null)
            .OfType<(int Quantity, bool IsFloor)>().ToList();
        return centres.Count == 0 ? null : (centres.Sum(c => c.Quantity), centres.Any(c => c.IsFloor));
    }
}

internal sealed record TuckerStockAnswer(string? Status, string? ErrorMsg, [property: JsonConverter(typeof(OneOrManyConverter<TuckerItemStock>))] IReadOnlyList<TuckerItemStock>? Item);

internal sealed record TuckerItemStock(string? Item, string? Inventory, string? ErrorMsg, [property: JsonConverter(typeof(OneOrManyConverter<TuckerCentreStock>))] IReadOnlyList<TuckerCentreStock>? Dc);

internal sealed record TuckerCentreStock(string? DcName, string? DcInv);
