using System.Text;
using Azure.Data.Tables;
using DropShip.Core.Eligibility;
using DropShip.Core.Tracking;
using DropShip.Functions.Connections;
using DropShip.Functions.Eligibility;
using DropShip.Functions.PurchaseOrders;
using DropShip.Functions.Submission;
using DropShip.Sandbox.Scripting;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Security;

/// <summary>A whole dealer journey, then a search for every secret in every response, log line and stored entity.</summary>
public class SecretLeakTests
{
    private const string WpsToken = "wps-secret-token-9f8e7d";
    private const string PuKey = "pu-secret-key-1a2b3c";

    [Fact]
    public async Task Secrets_never_appear_in_responses_logs_or_storage()
    {
        await using var app = await TestApp.StartAsync(settings: s => s["Distributors:wps:OrderTimeout"] = "00:00:02");
        var responses = new List<string>();
        var connections = app.Get<ConnectionFunctions>();
        responses.Add(Http.Read(await connections.SaveConnection(Http.Request("PUT", new { credentials = new { apiToken = WpsToken } }), app.StoreId, "wps")).Raw);
        responses.Add(Http.Read(await connections.SaveConnection(Http.Request("PUT", new { credentials = new { dealerNumber = "D1", apiKey = PuKey }, testMode = true }), app.StoreId, "parts-unlimited")).Raw);
        responses.Add(Http.Read(await connections.ListConnections(Http.Request("GET"), app.StoreId)).Raw);
        responses.Add(Http.Read(await connections.VerifyConnection(Http.Request("POST"), app.StoreId, "wps")).Raw);
        responses.Add(Http.Read(await connections.VerifyConnection(Http.Request("POST"), app.StoreId, "parts-unlimited")).Raw);

        var item = Orders.Item(parts: [new DistributorPartInput("wps", "87-1"), new DistributorPartInput("parts-unlimited", "0101-1")]);
        responses.Add(Http.Read(await app.Get<EligibilityFunction>().CheckEligibility(Http.Request("POST", item), app.StoreId)).Raw);
        var submit = app.Get<SubmitPurchaseOrderFunction>();
        app.Sandbox.Scripts.Set("87-1", new PartScript { Order = OrderBehavior.PaymentProblem });
        responses.Add(Http.Read(await submit.SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(item, "PO-REJ", "wps")), app.StoreId, app.Durable.Object)).Raw);
        app.Sandbox.Scripts.Set("0101-1", new PartScript { ShipAfterChecks = 1 });
        responses.Add(Http.Read(await submit.SubmitPurchaseOrder(Http.Request("POST", Orders.Submit(item, "PO-OK", "parts-unlimited")), app.StoreId, app.Durable.Object)).Raw);
        var check = await app.Get<ShipmentTracker>().CheckAsync(app.StoreId, "PO-OK", default);
        await app.Get<ShipmentNotifier>().NotifyAsync(app.StoreId, "PO-OK", check.PendingNotifications, default);
        responses.Add(Http.Read(await app.Get<PurchaseOrderFunctions>().GetPurchaseOrder(Http.Request("GET"), app.StoreId, "PO-OK")).Raw);
        responses.Add(Http.Read(await app.Get<PurchaseOrderFunctions>().SearchPurchaseOrders(Http.Request("GET"), app.StoreId)).Raw);

        Assert.Contains(app.Sandbox.Requests.All, r => r.Headers.Values.Any(v => v.Contains(WpsToken))); // the secrets were really used
        Assert.Contains(app.Sandbox.Requests.All, r => r.Headers.Values.Any(v => v.Contains(PuKey)));
        foreach (var secret in new[] { WpsToken, PuKey })
        {
            Assert.All(responses, r => Assert.DoesNotContain(secret, r));
            Assert.DoesNotContain(app.Logs.GetSnapshot(), l => l.Message.Contains(secret) || (l.Exception?.ToString().Contains(secret) ?? false)
                || (l.StructuredState?.Any(kv => kv.Value?.Contains(secret) == true) ?? false));
            var tables = await Azurite.TablesAsync();
            await foreach (var table in tables.QueryAsync())
                await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {app.StoreId}")))
                    foreach (var value in ((IDictionary<string, object>)row).Values)
                        Assert.DoesNotContain(secret, value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString() ?? "");
        }
    }
}
