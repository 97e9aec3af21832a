namespace DropShip.Sandbox.Scripting;

/// <summary>How a distributor answers an order that contains a scripted part.</summary>
public enum OrderBehavior
{
    Accept,
    RejectInvalidPart,
    Unauthorized,
    PaymentProblem,
    ServerError,
    /// <summary>Waits <see cref="PartScript.Delay"/>, then accepts; the wait ends early if the caller cancels.</summary>
    Slow,
    /// <summary>The distributor's duplicate-PO answer (WPS allows reused POs, so there it accepts).</summary>
    DuplicatePo,
}
