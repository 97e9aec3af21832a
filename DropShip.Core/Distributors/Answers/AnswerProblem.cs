namespace DropShip.Core.Distributors.Answers;

/// <summary>
/// An answer an adapter could not fully read: which distributor and operation, what was expected and not found, and the
/// masked shape of what came (keys and types only). <paramref name="StoreId"/> and <paramref name="PoNumber"/> say where it
/// was met (the PO only for order calls).
/// </summary>
public sealed record AnswerProblem(DateTimeOffset At, string Distributor, string Operation, string Expected, string Shape, string StoreId, string? PoNumber);
