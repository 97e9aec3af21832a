using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Distributors.Answers;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Connections;

/// <summary>What the caller names for a probe; both optional.</summary>
/// <param name="PartNumber">The part to ask live stock for; default the distributor profile's probe part.</param>
/// <param name="PoNumber">A PO to look up (one the account placed); none: a PO number that cannot exist, so the answer
/// shows the distributor's "no such order" (and for Parts Unlimited its listing of the last days).</param>
public sealed record ProbeInput(string? PartNumber = null, string? PoNumber = null);

/// <summary>The probe's answer: each step with every call it made, and every answer the adapter reads.</summary>
public sealed record ProbeReport(string Distributor, bool TestMode, DateTimeOffset At, bool ReadOnly, int AnswerProblems, IReadOnlyList<ProbeStep> Steps,
    IReadOnlyList<ProbeContract> Reads);

/// <summary>
/// One answer the adapter reads: its documented forms, and which one this account's answer took where the probe asked
/// (<paramref name="FormSeen"/>); an answer the probe never asks (an order's) says so in <paramref name="Note"/>.
/// </summary>
public sealed record ProbeContract(string Operation, IReadOnlyList<string> Forms, bool Asked, string? FormSeen, string? Note);

/// <param name="Step">authentication, liveStock or orderLookup.</param>
/// <param name="Outcome">What the adapter made of the answers, as it would in normal operation.</param>
public sealed record ProbeStep(string Step, string Outcome, IReadOnlyList<ProbeCall> Calls, string? Note = null);

/// <param name="Request">Method and path; never the query, which may carry a key.</param>
/// <param name="Exchange">answered, timedOut, unreachable or notSent (refused locally by the rate limiter or breaker).</param>
/// <param name="Form">Which documented form the answer took (e.g. WPS "wrapped in data" or "bare"), when the adapter reads it.</param>
/// <param name="Fields">Every field the adapter relies on, as found.</param>
/// <param name="Excerpt">The answer with keys and types kept and every value masked.</param>
public sealed record ProbeCall(string Request, string? Operation, int? HttpStatus, string Exchange, long ElapsedMs, string? Form,
    IReadOnlyList<FieldReport> Fields, string? Excerpt);

public abstract record ProbeOutcome
{
    private ProbeOutcome() { }

    public sealed record Probed(ProbeReport Report) : ProbeOutcome;

    public sealed record NotConnected : ProbeOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : ProbeOutcome;
}

/// <summary>
/// The go-live probe of a saved connection: with the dealer's real credentials it makes only read-only calls, the adapter's
/// own (verify, live stock, order lookup), so what it reports is what normal operation will meet. Each call's status, time
/// and every field the adapter reads come from the recording of the calls (DistributorCallRecording); answers are shown
/// masked (AnswerShape). It never places, changes or cancels anything: the adapters' read calls are GETs.
/// </summary>
public sealed class ConnectionProbe(
    DistributorConnections connections,
    IEnumerable<IDistributorAvailability> availability,
    PurchaseOrderStore purchaseOrders,
    TimeProvider clock)
{
    /// <summary>A PO number no order carries: looking it up shows the distributor's answer for an unknown PO.</summary>
    public const string UnknownPoNumber = "DROPSHIP-PROBE-0";

    public async Task<ProbeOutcome> ProbeAsync(string storeId, IDistributor distributor, ProbeInput input, CancellationToken cancellationToken)
    {
        var profile = distributor.Profile;
        var errors = new FieldErrors();
        var part = errors.Text("partNumber", input.PartNumber, profile.Limits.PartNumberMaxLength, required: false, profile.Limits.PartNumber);
        var poNumber = PoNumbers.Validate("poNumber", input.PoNumber, errors, profile.Limits.PoNumberMaxLength, required: false);
        if (errors.Any) return new ProbeOutcome.Invalid(errors.All);
        if (await connections.GetAccountAsync(storeId, distributor, cancellationToken) is not { } account) return new ProbeOutcome.NotConnected();

        var at = clock.GetUtcNow();
        var steps = new List<ProbeStep>();
        steps.Add(await StepAsync("authentication", account, async () =>
        {
            var verified = await distributor.VerifyAsync(account, cancellationToken);
            return ($"{verified.Outcome}: {verified.Message}", null);
        }));

        var stock = availability.FirstOrDefault(a => string.Equals(a.Distributor, profile.Key, StringComparison.OrdinalIgnoreCase));
        part ??= profile.ProbePartNumber;
        steps.Add(stock is null || part is null
            ? new ProbeStep("liveStock", "Skipped", [], stock is null
                ? $"{profile.DisplayName} has no live stock request."
                : $"{profile.DisplayName} has no default probe part: name one in partNumber.")
            : await StepAsync("liveStock", account, async () => (await stock.CheckAsync(account, [part], cancellationToken) switch
            {
                AvailabilityAnswer.Answered { Parts.Count: 0 } => $"Answered: {profile.DisplayName} does not list part {part}.",
                AvailabilityAnswer.Answered answered => $"Answered: part {part}, {answered.Parts.Values.First().Quantity} available.",
                AvailabilityAnswer.RateLimited => "RateLimited",
                AvailabilityAnswer.Failed failed => $"Failed: {failed.Reason}",
                AvailabilityAnswer.NotOffered notOffered => $"NotOffered: {notOffered.Reason}",
                _ => "Unknown",
            }, $"Part {part}{(input.PartNumber is null ? " (the profile's default)" : "")}.")));

        var ours = poNumber is null ? null : await purchaseOrders.FindAsync(storeId, poNumber, cancellationToken);
        var placed = new PlacedOrderRef(poNumber ?? UnknownPoNumber, ours?.Po.CreatedAt ?? at, ours?.Po.DistributorOrderNumbers ?? []);
        steps.Add(await StepAsync("orderLookup", account, async () => (await distributor.LookUpOrderAsync(account, placed, cancellationToken) switch
        {
            OrderLookup.Found found => $"Found: status {found.DistributorStatus}, {found.Shipments.Count} package(s){(found.Complete ? ", complete" : "")}.",
            OrderLookup.NotFound notFound => $"NotFound: {notFound.Detail}",
            OrderLookup.RateLimited => "RateLimited",
            OrderLookup.Failed failed => $"Failed: {failed.Reason}",
            _ => "Unknown",
        }, poNumber is null
            ? $"No PO named: looked up {UnknownPoNumber}, which no order carries; name a PO the account placed to check the fields of a found order."
            : $"PO {poNumber}.")));

        var calls = steps.SelectMany(s => s.Calls).ToList();
        return new ProbeOutcome.Probed(new ProbeReport(profile.Key, account.TestMode, at, ReadOnly: true,
            calls.Count(c => c.Fields.Any(f => f.IsProblem)), steps, [.. distributor.AnswerContracts.Select(c => Contract(c, calls))]));
    }

    private static ProbeContract Contract(AnswerContract contract, IReadOnlyList<ProbeCall> calls)
    {
        var forms = contract.Forms.Select(f => f.Name).ToList();
        var asked = calls.Where(c => c.Operation == contract.Operation).ToList();
        if (asked.Count == 0)
            return new ProbeContract(contract.Operation, forms, Asked: false, null, forms.Count > 1
                ? $"Not asked by the probe, which places and changes nothing: the form this account gets is seen with its first real answer; the adapter reads each of: {string.Join(", ", forms)}."
                : "Not asked by the probe, which places and changes nothing.");
        var seen = asked.Select(c => c.Form).Distinct().ToList();
        return new ProbeContract(contract.Operation, forms, Asked: true, string.Join(", ", seen.Select(f => f ?? "none of the documented forms")),
            seen.Contains(null) ? "The answer matched none of the documented forms: see the calls' fields." : null);
    }

    /// <summary>Runs one step under a recording of its calls; what the adapter made of them is the outcome.</summary>
    private static async Task<ProbeStep> StepAsync(string step, DistributorAccount account, Func<Task<(string Outcome, string? Note)>> run)
    {
        using var recording = DistributorCallRecording.Start();
        var (outcome, note) = await run();
        return new ProbeStep(step, AnswerShape.WithoutSecrets(StoredText.Clip(outcome), account), [.. recording.Calls.Select(c => Call(c, account))], note);
    }

    private static ProbeCall Call(RecordedCall call, DistributorAccount account)
    {
        var elapsed = (long)call.Elapsed.TotalMilliseconds;
        return call.Exchange switch
        {
            DistributorHttp.Exchange.Answered answered => new ProbeCall(call.Request, call.Reading?.Operation, (int)answered.Status, "answered", elapsed,
                call.Reading?.Form, call.Reading?.Fields ?? [], call.Reading?.Shape ?? AnswerShape.WithoutSecrets(AnswerShape.Describe(answered.Body, answered.ContentType), account)),
            DistributorHttp.Exchange.TimedOut => new ProbeCall(call.Request, null, null, "timedOut", elapsed, null, [], null),
            DistributorHttp.Exchange.Refused => new ProbeCall(call.Request, null, null, "notSent", elapsed, null, [], null),
            _ => new ProbeCall(call.Request, null, null, "unreachable", elapsed, null, [], null),
        };
    }
}
