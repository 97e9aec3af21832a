using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DropShip.Sandbox;
using DropShip.Sandbox.Scripting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DropShip.Tests.Distributors.Fifth;

/// <summary>
/// The fifth distributor on the sandbox host (loopback, real HTTP), production under /fifth and test under /fifth-test,
/// driven by the same part scripts as the four real ones: accept, reject, unauthorized, payment problem, server error, slow,
/// place-then-stall, duplicate PO, disconnect, rate-limited and unreadable lookups and shipping after a number of checks; a
/// drifted lookup answer under ApiVariants.Drifted.
/// </summary>
public sealed class FifthEmulator : IDistributorEmulator
{
    public string Distributor => FifthDistributor.Key;

    public string ProductionPrefix => "/fifth";

    public string? TestPrefix => "/fifth-test";

    public bool BaseUrlIsOnePath => false;

    public void Map(IEndpointRouteBuilder routes, string prefix, SandboxContext context)
    {
        var host = new Host(context);
        var api = routes.MapGroup(prefix);
        api.MapPost("/orders", host.PlaceAsync);
        api.MapGet("/orders/{po}", host.LookUp);
        api.MapGet("/account", (HttpContext http) => Host.Unauthenticated(http) ?? Results.Json(new { account = http.Request.Headers[FifthHeaders.Account].ToString() }));
    }

    /// <summary>One environment's orders.</summary>
    private sealed class Host(SandboxContext context)
    {
        private readonly ConcurrentDictionary<string, ScriptedOrder> orders = new(StringComparer.OrdinalIgnoreCase);
        private int lastOrderNumber = 5000;

        public async Task<IResult> PlaceAsync(HttpContext http, CancellationToken cancellationToken)
        {
            if (Unauthenticated(http) is { } refused) return refused;
            var request = await SandboxJson.ReadAsync<FifthOrderRequest>(http.Request, FifthDistributor.Json);
            if (request is not { Po.Length: > 0 and <= 20, Part.Length: > 0, Quantity: > 0, ShipTo: not null } || !request.Po.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                return Error(400, "invalid_request", "po (letters, digits, '-', at most 20), part, quantity and shipTo are required.");

            var script = context.Scripts.Governing([request.Part]);
            switch (script.Order)
            {
                case OrderBehavior.Unauthorized: return Error(401, "unauthorized", "Unknown API key.");
                case OrderBehavior.RejectInvalidPart: return Error(422, "unknown_part", "Unknown part.");
                case OrderBehavior.PaymentProblem: return Error(402, "on_hold", "Account on credit hold.");
                case OrderBehavior.DuplicatePo: return Error(409, "duplicate_po", "PO number already used.");
                case OrderBehavior.ServerError: return Error(500, "server_error", "Internal error.");
                case OrderBehavior.Slow when !await context.Delays.HoldAsync(script.Delay, cancellationToken): return Results.Empty;
            }

            var order = new ScriptedOrder(request.Po, $"F{Interlocked.Increment(ref lastOrderNumber)}", [new OrderLine(request.Part, request.Quantity)], script, context.Clock.GetUtcNow());
            if (!orders.TryAdd(request.Po, order)) return Error(409, "duplicate_po", "PO number already used.");
            if (!await context.Delays.AfterPlacingAsync(script, http, cancellationToken)) return Results.Empty;
            return Results.Json(new FifthOrderCreated(order.OrderNumber), FifthDistributor.Json, statusCode: 201);
        }

        public IResult LookUp(HttpContext http, string po)
        {
            if (Unauthenticated(http) is { } refused) return refused;
            if (!orders.TryGetValue(po, out var order)) return Error(404, "no_such_order", "No order for this PO.");
            var check = order.Check();
            if (check.RateLimited)
            {
                SandboxJson.AddRetryAfter(http.Response, check.RetryAfter);
                return Error(429, "rate_limited", "Too many requests.");
            }

            var view = new FifthOrderView(order.OrderNumber, check.Status.ToString().ToLowerInvariant(),
                check.Shipped.Select(p => new FifthPackage(p.TrackingNumber, p.Carrier, SandboxJson.IsoDate(order.ShipDate), p.Lines.Sum(l => l.Quantity))).ToList());
            return context.Scripts.Variants.IsDrifted(FifthDistributor.Key) || check.Unreadable
                ? SandboxJson.Drifted(view, FifthDistributor.Json, StatusAsCode)
                : Results.Json(view, FifthDistributor.Json);
        }

        /// <summary>Drift (ApiVariants.Drifted, or a script's unreadable checks): the status as a numeric code instead of its name.</summary>
        private static void StatusAsCode(JsonNode answer) => answer["status"] = answer["status"]?.GetValue<string>() switch
        {
            "shipped" => 3,
            "partial" => 2,
            _ => 1,
        };

        public static IResult? Unauthenticated(HttpContext http) =>
            Credentials.AreInvalid(http.Request.Headers[FifthHeaders.ApiKey].ToString(), http.Request.Headers[FifthHeaders.Account].ToString())
                ? Error(401, "unauthorized", "Unknown API key.") : null;

        private static IResult Error(int status, string code, string message) => Results.Json(new FifthError(code, message), FifthDistributor.Json, statusCode: status);
    }
}
