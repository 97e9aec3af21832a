using System.Text.Json;
using DropShip.Core.Distributors.Answers;
using Microsoft.Extensions.Options;
using static DropShip.Core.Distributors.DistributorHttp;

namespace DropShip.Core.Distributors.PartsUnlimited;

/// <summary>
/// Parts Unlimited live stock and dealer price, batched: GET v1/parts/inventory/{part,part...} (availability[].warehouses[]
/// .quantity) and GET v1/parts/pricing/{part,part...} (pricing[].dealerPrice, found), sent together. Stock is what matters:
/// when only the pricing call fails the figures come without a dealer cost; when the inventory call fails nothing is known.
/// The pricing answer carries no drop-ship fee (PU lists it only in the price file). Sources: docs/live-availability.md.
/// </summary>
public sealed class PartsUnlimitedAvailability(IHttpClientFactory httpClients, IOptionsMonitor<DistributorEndpointOptions> endpoints, AnswerProblemLog answers) : IDistributorAvailability
{
    private const string Name = PartsUnlimitedDistributor.Name;

    public string Distributor => PartsUnlimitedDistributor.Key;

    /// <summary>The batch size public clients use for the inventory call (they send up to 500 to pricing).</summary>
    public string Source => "Parts Unlimited parts inventory + pricing";

    public int MaxPartsPerCall => 25;

    public async Task<AvailabilityAnswer> CheckAsync(DistributorAccount account, IReadOnlyList<string> partNumbers, CancellationToken cancellationToken)
    {
        var options = endpoints.Get(Distributor);
        var baseUrl = options.BaseFor(account, Name);
        var list = string.Join(",", partNumbers.Select(Uri.EscapeDataString));
        var client = httpClients.CreateClient(LookupClient(Distributor));
        var exchanges = await Task.WhenAll(
            SendAsync(client, Request(baseUrl, $"v1/parts/inventory/{list}", account), options.LookupTimeout, cancellationToken),
            SendAsync(client, Request(baseUrl, $"v1/parts/pricing/{list}", account), options.LookupTimeout, cancellationToken));
        var (inventory, pricing) = (exchanges[0], exchanges[1]);
        if (inventory is not Exchange.Answered { IsSuccess: true } stockAnswer) return AvailabilityAnswer.Problem(Name, inventory);
        await answers.CheckAsync(account, PartsUnlimitedAnswers.Inventory, stockAnswer, cancellationToken: cancellationToken);
        if (pricing is Exchange.Answered { IsSuccess: true } pricingAnswer)
            await answers.CheckAsync(account, PartsUnlimitedAnswers.Pricing, pricingAnswer, cancellationToken: cancellationToken);

        using var stockDocument = AvailabilityJson.Parse(stockAnswer.Body);
        if (stockDocument is null || AvailabilityJson.Property(stockDocument.RootElement, "availability") is not { } availability)
            return new AvailabilityAnswer.Failed("Parts Unlimited answered the inventory query with something unreadable.");
        using var priceDocument = pricing is Exchange.Answered { IsSuccess: true } priceAnswer ? AvailabilityJson.Parse(priceAnswer.Body) : null;
        var prices = priceDocument is null ? [] : AvailabilityJson.Items(AvailabilityJson.Property(priceDocument.RootElement, "pricing")).ToList();

        var parts = new Dictionary<string, LiveFigures>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in partNumbers)
        {
            var entry = AvailabilityJson.Items(availability).FirstOrDefault(e => SamePart(e, part));
            if (entry.ValueKind != JsonValueKind.Object) continue;
            var price = prices.FirstOrDefault(p => SamePart(p, part));
            // PU's own word that it has no such part.
            if (price.ValueKind == JsonValueKind.Object && AvailabilityJson.Flag(price, "found") == false) continue;

            int quantity = 0;
            var floor = false;
            foreach (var warehouse in AvailabilityJson.Items(AvailabilityJson.Property(entry, "warehouses")))
                if (AvailabilityJson.Property(warehouse, "quantity") is { } value && AvailabilityJson.Quantity(value, cap: null) is { } figure)
                {
                    quantity += figure.Quantity;
                    floor |= figure.IsFloor;
                }
            parts[part] = new LiveFigures(quantity, floor,
                price.ValueKind == JsonValueKind.Object ? AvailabilityJson.Money(price, "dealerPrice", "dealer_price") : null,
                DropShipFee: null);
        }
        return new AvailabilityAnswer.Answered(parts);
    }

    /// <summary>PU writes part numbers punctuated (0101-3337) or not (01013337), under partNumber or part_number.</summary>
    private static bool SamePart(JsonElement entry, string asked) =>
        AvailabilityJson.Text(entry, "partNumber", "part_number") is { } number
        && string.Equals(Plain(number), Plain(asked), StringComparison.OrdinalIgnoreCase);

    private static string Plain(string partNumber) => partNumber.Trim().Replace("-", "", StringComparison.Ordinal);

    private static HttpRequestMessage Request(Uri baseUrl, string path, DistributorAccount account)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, path));
        request.Headers.Add("api-key", account.Secret("apiKey").Reveal());
        // Same limiter partition as the adapter's lookups (the key's fingerprint), and never retried.
        return request.WithoutRetries("live-stock");
    }
}
