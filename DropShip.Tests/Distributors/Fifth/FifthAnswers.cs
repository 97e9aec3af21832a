using DropShip.Core.Distributors.Answers;

namespace DropShip.Tests.Distributors.Fifth;

/// <summary>What the fifth distributor's adapter reads in each answer (FifthOrderCreated, FifthOrderView).</summary>
internal static class FifthAnswers
{
    /// <summary>The statuses the emulator documents: the adapter takes "shipped" as everything shipped.</summary>
    private static readonly HashSet<string> KnownStatuses = new(StringComparer.OrdinalIgnoreCase) { "open", "partial", "shipped" };

    public static readonly AnswerContract Created = AnswerContract.Of("order",
        new ExpectedField("orderNumber", FieldKind.String));

    public static readonly AnswerContract Lookup = AnswerContract.Of("order lookup",
        new ExpectedField("orderNumber", FieldKind.String, Required: false, Nullable: true),
        new ExpectedField("status", FieldKind.String, IsKnown: KnownStatuses.Contains),
        new ExpectedField("packages", FieldKind.Array, Required: false, Nullable: true),
        new ExpectedField("packages[].trackingNumber", FieldKind.String),
        new ExpectedField("packages[].carrier", FieldKind.String, Required: false, Nullable: true),
        new ExpectedField("packages[].shipDate", FieldKind.String, Required: false, Nullable: true),
        new ExpectedField("packages[].quantity", FieldKind.Number, Required: false, Nullable: true));
}
