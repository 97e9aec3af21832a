namespace DropShip.Sandbox.Scripting;

/// <summary>How a distributor answers an order that contains a scripted part.</summary>
public enum OrderBehavior
{
    Accept,
    RejectInvalidPart,
    Unauthorized,
    PaymentProblem,
    ServerError,
    /// <summary>Waits <see cref="PartScript.Delay"/>, then accepts; a caller that hangs up first leaves nothing ordered.</summary>
    Slow,
    /// <summary>
    /// Places the order, then answers only after <see cref="PartScript.Delay"/>: the caller usually gives up first, so it
    /// sees a timeout although the order exists (the ambiguous case reconciliation exists for).
    /// </summary>
    PlaceThenStall,
    /// <summary>The distributor's duplicate-PO answer (WPS allows reused POs, so there it accepts).</summary>
    DuplicatePo,
    /// <summary>
    /// Places the order, then drops the connection without answering: the caller sent its order and cannot know it was
    /// placed (WPS: at the submission, after the cart and item calls).
    /// </summary>
    Disconnect,
}
