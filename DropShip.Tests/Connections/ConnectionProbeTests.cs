using System.Text.Json;
using DropShip.Core.Connections;
using DropShip.Functions.Connections;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Distributors;
using DropShip.Tests.Infrastructure;
using static DropShip.Tests.Distributors.DistributorKit;

namespace DropShip.Tests.Connections;

/// <summary>
/// The go-live probe through its function, against the sandbox over HTTP: read-only calls (the sandbox's request log shows
/// only GETs), each reported with its status, time, form and every field the adapter reads, masked; every documented
/// variant and a drifted answer of each distributor told apart. Each test has its own app: variants apply to all of a sandbox.
/// </summary>
public sealed class ConnectionProbeTests : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>A part number every distributor's rules accept (Tucker's items start with TR).</summary>
    private static string AnyPart() => "TR" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>Places an order through the adapter (setup, not the probe), then forgets the sandbox's log of it.</summary>
    private async Task<(string Po, string Part)> PlacedOrderAsync(string distributor, int packages = 1)
    {
        var (adapter, account) = await app.ConnectAsync(distributor);
        var (po, part) = (NewPo(), AnyPart());
        app.Sandbox.Scripts.Set(part, new PartScript { ShipAfterChecks = 1, Packages = packages });
        Assert.IsType<Core.Distributors.PlaceOrderResult.Accepted>(await adapter.PlaceOrderAsync(account, Order(po, part, quantity: packages), CancellationToken.None));
        app.Sandbox.Requests.Clear();
        return (po, part);
    }

    private async Task<(int Status, JsonElement Report, string Raw)> ProbeAsync(string distributor, object body)
    {
        var (status, json, raw, _) = Http.Read(await app.Get<ConnectionFunctions>().ProbeConnection(Http.Request("POST", body), app.StoreId, distributor));
        return (status, json, raw);
    }

    private static IEnumerable<JsonElement> Calls(JsonElement report, string step) =>
        report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == step).GetProperty("calls").EnumerateArray();

    private static IEnumerable<string> ProblemFields(JsonElement report) =>
        report.GetProperty("steps").EnumerateArray().SelectMany(s => s.GetProperty("calls").EnumerateArray())
            .SelectMany(c => c.GetProperty("fields").EnumerateArray())
            .Where(f => f.GetProperty("finding").GetString() is "Missing" or "OtherType" or "UnknownValue")
            .Select(f => $"{f.GetProperty("path").GetString()}:{f.GetProperty("finding").GetString()}");

    [Theory]
    [MemberData(nameof(TestDistributors.All), MemberType = typeof(TestDistributors))]
    public async Task The_probe_reads_only_and_reports_every_call_with_every_field_the_adapter_reads(string distributor)
    {
        var (po, part) = await PlacedOrderAsync(distributor);

        var (status, report, raw) = await ProbeAsync(distributor, new { poNumber = po, partNumber = part });

        Assert.Equal(200, status);
        Assert.True(report.GetProperty("readOnly").GetBoolean());
        Assert.Equal(0, report.GetProperty("answerProblems").GetInt32());
        Assert.Empty(ProblemFields(report));
        Assert.Equal(["authentication", "liveStock", "orderLookup"], report.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
        var lookup = Assert.Single(Calls(report, "orderLookup"));
        Assert.Equal(200, lookup.GetProperty("httpStatus").GetInt32());
        Assert.Equal("answered", lookup.GetProperty("exchange").GetString());
        Assert.True(lookup.GetProperty("elapsedMs").GetInt64() >= 0);
        Assert.Contains(lookup.GetProperty("fields").EnumerateArray(), f => f.GetProperty("finding").GetString() == "Found");
        Assert.StartsWith("Found", report.GetProperty("steps")[2].GetProperty("outcome").GetString());

        // Only reads reached the distributor, and the report carries no secret, no customer data and no value of the answer.
        var requests = app.Sandbox.Requests.For(distributor).ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal("GET", r.Method));
        Assert.All(requests, r => Assert.DoesNotContain("type=ORD", r.Query, StringComparison.OrdinalIgnoreCase));
        foreach (var leak in Secrets.Concat(["Pat Rider", "Throttle", "Springfield", "62701", "1Z"]))
            Assert.DoesNotContain(leak, raw, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Every distributor's drifted lookup answer (ApiVariants.Drifted, which its emulator answers) is told apart from its
    /// documented one: read without a problem, the drifted one with at least one field named, and the reports differ.
    /// (The documented variants of the four, with the exact fields each drift breaks, follow below.)
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDistributors.All), MemberType = typeof(TestDistributors))]
    public async Task A_drifted_lookup_answer_is_told_apart_from_the_documented_one(string distributor)
    {
        var (po, _) = await PlacedOrderAsync(distributor, packages: 2);

        var (_, documented, _) = await ProbeAsync(distributor, new { poNumber = po });
        app.Sandbox.Scripts.Variants = new ApiVariants { Drifted = [distributor] };
        var (status, drifted, raw) = await ProbeAsync(distributor, new { poNumber = po });

        Assert.Equal(200, status);
        Assert.Empty(ProblemFields(documented));
        Assert.Equal(0, documented.GetProperty("answerProblems").GetInt32());
        Assert.NotEmpty(ProblemFields(drifted));
        Assert.Equal(1, drifted.GetProperty("answerProblems").GetInt32());
        Assert.NotEqual(Calls(documented, "orderLookup").Last().GetProperty("fields").GetRawText(), Calls(drifted, "orderLookup").Last().GetProperty("fields").GetRawText());
        Assert.All(app.Sandbox.Requests.For(distributor), r => Assert.Equal("GET", r.Method));
        Assert.DoesNotContain("Pat Rider", raw);
    }

    [Fact]
    public async Task Without_a_po_or_a_part_the_probe_uses_the_profile_default_and_a_po_no_order_carries()
    {
        await app.ConnectAsync(PartsUnlimited);

        var (status, report, _) = await ProbeAsync(PartsUnlimited, new { });

        Assert.Equal(200, status);
        var stock = report.GetProperty("steps")[1];
        Assert.Contains("0101-3337", stock.GetProperty("note").GetString());
        Assert.Contains(ConnectionProbe.UnknownPoNumber, report.GetProperty("steps")[2].GetProperty("note").GetString());
        // Parts Unlimited's listing of the last days is read to the end: proof the PO is not there.
        Assert.StartsWith("NotFound", report.GetProperty("steps")[2].GetProperty("outcome").GetString());
        Assert.All(app.Sandbox.Requests.For(PartsUnlimited), r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task The_order_answer_the_probe_never_asks_is_named_with_the_forms_the_adapter_reads()
    {
        await app.ConnectAsync(Wps);

        var (_, report, _) = await ProbeAsync(Wps, new { partNumber = "87-9938" });

        var submit = report.GetProperty("reads").EnumerateArray().Single(r => r.GetProperty("operation").GetString() == "order submit");
        Assert.False(submit.GetProperty("asked").GetBoolean());
        Assert.Equal(["wrapped in data", "bare"], submit.GetProperty("forms").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("places and changes nothing", submit.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Bad_input_is_a_400_and_a_store_without_the_connection_a_404_with_no_call_made()
    {
        Assert.Equal(404, (await ProbeAsync(Wps, new { })).Status);
        await app.ConnectAsync(Wps);
        var (status, body, _) = await ProbeAsync(Wps, new { poNumber = "PO/../1", partNumber = new string('9', 41) });

        Assert.Equal(400, status);
        Assert.Equal(["partNumber", "poNumber"], body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Order());
        Assert.Empty(app.Sandbox.Requests.All);
    }

    /// <summary>
    /// Every documented variant of each distributor's read answers, and its drifted answer, with what the probe must report:
    /// the lookup answer's form and the fields it could not read ("form|problems"). Each variant's whole report (outcome,
    /// calls, statuses, masked excerpt) must differ from every other's. Variants that only change an order answer
    /// (WpsSubmitInData, TuckerOrderOutput) are never asked by the probe: the report says so (test above).
    /// </summary>
    public static TheoryData<string, string[]> VariantsAndDrift => new()
    {
        { Wps, ["default=wrapped in data|", "wpsLookupBare=bare|", "drifted=wrapped in data|data.order_details[].tracking_numbers:OtherType"] },
        { PartsUnlimited, ["default=bare|", "puFiltersByPo=bare|", "puTrackingGrouped=bare|", "puFailingPage=|", "puPageNumIgnored=bare|", "drifted=bare|orders:Missing"] },
        { Tucker, ["default=TRWS SHP|", "drifted=TRWS SHP|SHP.shipment[].trackingnumber:Missing"] },
        { Automatic, ["default=bare|", "drifted=bare|header.status:UnknownValue"] },
    };

    [Theory]
    [MemberData(nameof(VariantsAndDrift))]
    public async Task Every_documented_variant_and_a_drifted_answer_are_told_apart(string distributor, string[] variants)
    {
        var (adapter, account) = await app.ConnectAsync(distributor);
        var reports = new Dictionary<string, string>();
        foreach (var (variant, expected) in variants.Select(v => v.Split('=')).Select(v => (v[0], v[1])))
        {
            app.Sandbox.Scripts.Reset();
            // Placed in the documented defaults; the variant is then what the reads meet. Two orders, the one probed second (on Parts Unlimited's second page at one order a page), two packages each.
            var pos = new List<string>();
            foreach (var _ in new[] { 1, 2 })
            {
                var (po, part) = (NewPo(), AnyPart());
                app.Sandbox.Scripts.Set(part, new PartScript { ShipAfterChecks = 1, Packages = 2 });
                Assert.IsType<Core.Distributors.PlaceOrderResult.Accepted>(await adapter.PlaceOrderAsync(account, Order(po, part, quantity: 2), CancellationToken.None));
                pos.Add(po);
            }
            app.Sandbox.Scripts.Variants = variant switch
            {
                "wpsLookupBare" => new ApiVariants { WpsLookupInData = false },
                "puFiltersByPo" => new ApiVariants { PartsUnlimitedFiltersByPo = true, PartsUnlimitedPageSize = 1 },
                "puTrackingGrouped" => new ApiVariants { PartsUnlimitedTrackingGrouped = true, PartsUnlimitedPageSize = 1 },
                "puFailingPage" => new ApiVariants { PartsUnlimitedFailingPage = 1 },
                "puPageNumIgnored" => new ApiVariants { PartsUnlimitedLastDistinctPage = 1, PartsUnlimitedPageSize = 1 },
                "drifted" => new ApiVariants { Drifted = [distributor] },
                _ => new ApiVariants { PartsUnlimitedPageSize = 1 },
            };
            app.Sandbox.Requests.Clear();

            var (status, report, raw) = await ProbeAsync(distributor, new { poNumber = pos[1] });

            Assert.Equal(200, status);
            var lookups = Calls(report, "orderLookup").ToList();
            var last = lookups[^1];
            var form = last.TryGetProperty("form", out var f) ? f.GetString() : "";
            var problems = string.Join(",", ProblemFields(report));
            Assert.True(expected == $"{form}|{problems}", $"{variant}: expected {expected}, got {form}|{problems} in {raw}");
            Assert.Equal(problems.Length == 0 ? 0 : 1, report.GetProperty("answerProblems").GetInt32());
            Assert.All(app.Sandbox.Requests.For(distributor), r => Assert.Equal("GET", r.Method));
            Assert.DoesNotContain("Pat Rider", raw);
            reports[variant] = string.Join(" / ", report.GetProperty("steps")[2].GetProperty("outcome").GetString(),
                string.Join(",", lookups.Select(c => c.TryGetProperty("httpStatus", out var h) ? h.GetInt32() : 0)),
                last.TryGetProperty("excerpt", out var e) ? e.GetString() : "", problems);
        }

        var alike = reports.GroupBy(r => r.Value).Where(g => g.Count() > 1).Select(g => string.Join(" = ", g.Select(r => r.Key))).ToList();
        Assert.True(alike.Count == 0, $"Variants the probe does not tell apart: {string.Join("; ", alike)}");
    }
}
