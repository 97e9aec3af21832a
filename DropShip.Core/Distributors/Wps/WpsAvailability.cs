using System.Net.Http.Headers;
using System.Text.Json;
using DropShip.Core.Distributors.Answers;
using Microsoft.Extensions.Options;
using static DropShip.Core.Distributors.DistributorHttp;

namespace DropShip.Core.Distributors.Wps;

/// <summary>
/// WPS live stock: GET items?filter[sku]={sku}&amp;include=inventory, one SKU per call. Each item carries
/// standard_dealer_price, drop_ship_fee and inventory.data with one *_warehouse figure per warehouse and a total
/// (docs/live-availability.md cites the sources). One public client reads the JSON:API form instead (fields under
/// "attributes", the inventory in a top-level "included" list): both are read. An empty data list means WPS does not list
/// the SKU.
/// </summary>
public sealed class WpsAvailability(IHttpClientFactory httpClients, IOptionsMonitor<DistributorEndpointOptions> endpoints, AnswerProblemLog answers) : IDistributorAvailability
{
    private const string Name = WpsDistributor.Name;

    /// <summary>
    /// WPS caps disclosed stock per warehouse. Its Inventory page states 9; a public client quotes 25 (what the feed parser
    /// uses for the file). The lower reading is the safe one: a figure at 9 or more is "at least that many", so a
    /// capped warehouse can never be mistaken for an exact count that is too small to fill an order.
    /// </summary>
    public const int WarehouseCap = 9;

    public string Distributor => WpsDistributor.Key;

    public string Source => "WPS items + inventory";

    public int MaxPartsPerCall => 1;

    public async Task<AvailabilityAnswer> CheckAsync(DistributorAccount account, IReadOnlyList<string> partNumbers, CancellationToken cancellationToken)
    {
        var sku = partNumbers.Single();
        var options = endpoints.Get(Distributor);
        var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(options.BaseFor(account, Name), $"items?filter[sku]={Uri.EscapeDataString(sku)}&include=inventory"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", account.Secret("apiToken").Reveal());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // Same limiter partition as the adapter's lookups (the token's fingerprint), and never retried.
        request.WithoutRetries("live-stock");

        var exchange = await SendAsync(httpClients.CreateClient(LookupClient(Distributor)), request, options.LookupTimeout, cancellationToken);
        if (exchange is not Exchange.Answered { IsSuccess: true } ok) return AvailabilityAnswer.Problem(Name, exchange);
        await answers.CheckAsync(account, WpsAnswers.Items, ok, cancellationToken: cancellationToken);

        using var document = AvailabilityJson.Parse(ok.Body);
        if (document is null || AvailabilityJson.Property(document.RootElement, "data") is not { } data)
            return new AvailabilityAnswer.Failed("WPS answered the item query with something unreadable.");

        var included = AvailabilityJson.Items(AvailabilityJson.Property(document.RootElement, "included")).Select(Fields).ToList();
        var parts = new Dictionary<string, LiveFigures>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in AvailabilityJson.Items(data))
        {
            var item = Fields(entry);
            if (!string.Equals(AvailabilityJson.Text(item, "sku")?.Trim(), sku, StringComparison.OrdinalIgnoreCase)) continue;
            var inventory = AvailabilityJson.Property(item, "inventory") is { ValueKind: JsonValueKind.Object } nested
                ? AvailabilityJson.Property(nested, "data") ?? nested
                : included.FirstOrDefault(i => i.ValueKind == JsonValueKind.Object && AvailabilityJson.Text(i, "item_id") is { } itemId
                    && itemId == AvailabilityJson.Text(entry, "id"));
            if (Stock(inventory) is not { } stock) continue;
            parts[sku] = new LiveFigures(stock.Quantity, stock.IsFloor,
                AvailabilityJson.Money(item, "standard_dealer_price"), AvailabilityJson.Money(item, "drop_ship_fee"));
        }
        return new AvailabilityAnswer.Answered(parts);
    }

    /// <summary>An entity's own fields: under "attributes" in the JSON:API form, else the object itself.</summary>
    private static JsonElement Fields(JsonElement entity) =>
        AvailabilityJson.Property(entity, "attributes") is { ValueKind: JsonValueKind.Object } attributes ? attributes : entity;

    /// <summary>The sum of the *_warehouse figures (a floor when any is at the cap), else the total.</summary>
    private static (int Quantity, bool IsFloor)? Stock(JsonElement? inventory)
    {
        if (inventory is not { ValueKind: JsonValueKind.Object } figures) return null;
        int sum = 0, counted = 0;
        var floor = false;
        foreach (var property in figures.EnumerateObject())
        {
            if (!property.Name.EndsWith("_warehouse", StringComparison.OrdinalIgnoreCase)) continue;
            if (AvailabilityJson.Quantity(property.Value, WarehouseCap) is not { } warehouse) continue;
            sum += warehouse.Quantity;
            floor |= warehouse.IsFloor;
            counted++;
        }
        if (counted > 0) return (sum, floor);
        return AvailabilityJson.Property(figures, "total") is { } total ? AvailabilityJson.Quantity(total, WarehouseCap) : null;
    }
}
