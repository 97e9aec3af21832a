namespace DropShip.Sandbox.Scripting;

/// <summary>The scripts of the parts one inventory/pricing request asks about, and what the request as a whole does.</summary>
internal sealed class StockRequest
{
    private StockRequest(IReadOnlyList<(string Part, PartScript Script)> parts) => Parts = parts;

    /// <summary>Each asked part with its script (the default script, in stock, when it has none).</summary>
    public IReadOnlyList<(string Part, PartScript Script)> Parts { get; }

    /// <summary>A throttled, failing or slow part makes the whole request so, as a real batch call would.</summary>
    public PartScript? Governing => Parts.Select(p => p.Script).FirstOrDefault(s => s.StockAnswer is not (StockBehavior.Answer or StockBehavior.NotListed or StockBehavior.AnswerAsJsonApi));

    public static StockRequest For(SandboxScripts scripts, IEnumerable<string> parts, bool ignoreDashes = false) =>
        new(parts.Select(part => (part, scripts.Find(part, ignoreDashes) ?? new PartScript())).ToList());

    /// <summary>Waits for a Slow script on the sandbox's clock; a caller that gives up ends the wait.</summary>
    public Task StallAsync(ScriptedDelays delays, CancellationToken cancellationToken) =>
        Governing is { StockAnswer: StockBehavior.Slow } slow ? delays.HoldAsync(slow.StockDelay, cancellationToken) : Task.CompletedTask;
}
