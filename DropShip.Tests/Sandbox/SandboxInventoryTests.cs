using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DropShip.Sandbox;
using DropShip.Sandbox.Scripting;

namespace DropShip.Tests.Sandbox;

/// <summary>The sandbox's inventory and pricing endpoints over real HTTP, in the shapes and with the caps public sources show.</summary>
public sealed class SandboxInventoryTests : SandboxOverHttp
{
    private async Task<(HttpStatusCode Status, JsonNode? Json, HttpResponseMessage Response)> GetAsync(string path, Action<HttpRequestMessage>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        headers?.Invoke(request);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text) : null, response);
    }

    private static void WpsToken(HttpRequestMessage request) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wps-token");

    private static void PuKey(HttpRequestMessage request) => request.Headers.Add("api-key", "pu-key");

    [Fact]
    public async Task Wps_items_with_inventory_cap_each_warehouse_at_9_and_carry_price_and_drop_ship_fee()
    {
        server.Scripts.Set("87-9938", new PartScript { Stock = 30, DealerPrice = 21.5m, DropShipFee = 5m });

        var (status, json, _) = await GetAsync("wps/items?filter[sku]=87-9938&include=inventory", WpsToken);

        Assert.Equal(HttpStatusCode.OK, status);
        var item = Assert.Single(json!["data"]!.AsArray())!;
        Assert.Equal("87-9938", (string?)item["sku"]);
        Assert.Equal("21.50", (string?)item["standard_dealer_price"]);
        Assert.Equal("5.00", (string?)item["drop_ship_fee"]);
        Assert.True((bool)item["drop_ship_eligible"]!);
        var inventory = item["inventory"]!["data"]!;
        Assert.Equal(9, (int)inventory["id_warehouse"]!);
        Assert.Equal(9, (int)inventory["ca_warehouse"]!);
        Assert.Equal(0, (int)inventory["pa2_warehouse"]!);
        Assert.Equal(18, (int)inventory["total"]!);
        Assert.NotNull(json["meta"]!["cursor"]);

        var withoutInventory = await GetAsync("wps/items?filter[sku]=87-9938", WpsToken);
        Assert.Null(withoutInventory.Json!["data"]![0]!["inventory"]);
    }

    [Fact]
    public async Task Wps_items_not_listed_throttled_and_unauthenticated_answer_as_wps_does()
    {
        server.Scripts.Set("GONE-1", new PartScript { StockAnswer = StockBehavior.NotListed });
        server.Scripts.Set("BUSY-1", new PartScript { StockAnswer = StockBehavior.RateLimited, RetryAfter = TimeSpan.FromSeconds(7) });

        Assert.Empty((await GetAsync("wps/items?filter[sku]=GONE-1&include=inventory", WpsToken)).Json!["data"]!.AsArray());
        var (busy, body, response) = await GetAsync("wps/items?filter[sku]=BUSY-1&include=inventory", WpsToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, busy);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
        Assert.Equal(429, (int)body!["status_code"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("wps/items?filter[sku]=87-9938&include=inventory")).Status);
    }

    [Fact]
    public async Task Parts_unlimited_inventory_and_pricing_answer_a_batch_with_text_quantities_and_found_flags()
    {
        server.Scripts.Set("0101-3337", new PartScript { Stock = 7, DealerPrice = 18.25m });
        server.Scripts.Set("0101-4444", new PartScript { StockAnswer = StockBehavior.NotListed });

        var inventory = (await GetAsync("pu/api/v1/parts/inventory/0101-3337,0101-4444", PuKey)).Json!;
        var part = Assert.Single(inventory["availability"]!.AsArray())!;
        Assert.Equal("0101-3337", (string?)part["partNumber"]);
        Assert.Equal(["4", "3"], part["warehouses"]!.AsArray().Select(w => (string)w!["quantity"]!).ToArray());
        Assert.Equal(["WI", "NV"], part["warehouses"]!.AsArray().Select(w => (string)w!["warehouse"]!).ToArray());

        var pricing = (await GetAsync("pu-stage/api/v1/parts/pricing/0101-3337,0101-4444", PuKey)).Json!["pricing"]!.AsArray();
        Assert.Equal(18.25m, (decimal)pricing[0]!["dealerPrice"]!);
        Assert.True((bool)pricing[0]!["found"]!);
        Assert.False((bool)pricing[1]!["found"]!);

        var tooMany = string.Join(",", Enumerable.Range(1, 26).Select(i => $"P-{i}"));
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync($"pu/api/v1/parts/inventory/{tooMany}", PuKey)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"pu/api/v1/parts/pricing/{tooMany}", PuKey)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("pu/api/v1/parts/inventory/0101-3337")).Status);
    }

    [Fact]
    public async Task Tucker_inv_and_inp_cap_at_9_match_dashless_items_and_only_inp_has_a_price()
    {
        server.Scripts.Set("12-3456", new PartScript { Stock = 40, DealerPrice = 11m });
        server.Scripts.Set("65-4321", new PartScript { StockAnswer = StockBehavior.NotListed });
        const string credentials = "tucker/bin/trws?apikey=key&cust=123&output=JSON";

        var inv = (await GetAsync($"{credentials}&type=INV&item=123456&item=654321")).Json!["INV"]!;
        Assert.Equal("SUCCESSFUL", (string?)inv["status"]);
        var first = inv["item"]![0]!;
        Assert.Equal(9, (int)first["inventory"]!);
        Assert.Equal(9, (int)first["dc"]![0]!["dcinv"]!);
        Assert.Null(first["price"]);
        Assert.Equal("Invalid item number", (string?)inv["item"]![1]!["errormsg"]);

        var inp = (await GetAsync($"{credentials}&type=INP&item=123456")).Json!["INP"]!;
        Assert.Equal(11m, (decimal)inp["item"]![0]!["price"]!);

        server.Scripts.Set("12-3456", new PartScript { StockAnswer = StockBehavior.RateLimited });
        var (status, body, _) = await GetAsync($"{credentials}&type=INV&item=123456");
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("ERROR", (string?)body!["INV"]!["status"]);
    }

    [Fact]
    public async Task The_request_log_tells_a_waiting_test_when_a_request_arrives_even_one_held_by_a_slow_script()
    {
        server.Scripts.Set("SLOW-1", new PartScript { StockAnswer = StockBehavior.Slow, StockDelay = TimeSpan.FromMinutes(10) });
        var arrival = server.Requests.WhenReceivedAsync(r => r.Path == "/wps/items");
        Assert.False(arrival.IsCompleted);

        using var giveUp = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Get, "wps/items?filter[sku]=SLOW-1&include=inventory");
        WpsToken(request);
        var held = http.SendAsync(request, giveUp.Token);
        var received = await arrival.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("filter[sku]=SLOW-1&include=inventory", Uri.UnescapeDataString(received.Query));
        Assert.False(held.IsCompleted);
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);

        // A request already received is found at once.
        Assert.Same(received, await server.Requests.WhenReceivedAsync(r => r.Path == "/wps/items"));
    }
}
