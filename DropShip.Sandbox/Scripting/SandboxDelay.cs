namespace DropShip.Sandbox.Scripting;

/// <summary>Waits after the order is placed; a caller that gave up only ends the wait (the order stays placed).</summary>
public static class SandboxDelay
{
    public static async Task StallAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try { await Task.Delay(delay, cancellationToken); }
        catch (OperationCanceledException) { }
    }
}
