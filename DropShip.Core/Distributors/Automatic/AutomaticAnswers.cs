using DropShip.Core.Distributors.Answers;

namespace DropShip.Core.Distributors.Automatic;

/// <summary>What the Automatic Distributors adapter reads in each answer (AutomaticModels): all of it assumed but header.ponumber.</summary>
internal static class AutomaticAnswers
{
    /// <summary>The statuses the adapter reads: open ones, and those it takes as everything shipped.</summary>
    private static readonly HashSet<string> KnownStatuses = new(StringComparer.OrdinalIgnoreCase)
        { "OPEN", "PARTIAL", "PROCESSING", "SHIPPED", "COMPLETE", "COMPLETED", "CLOSED", "INVOICED" };

    public static readonly AnswerContract Created = AnswerContract.Of("order",
        new ExpectedField("header", FieldKind.Object),
        new ExpectedField("header.ponumber", FieldKind.StringOrNumber, Required: false, Nullable: true),
        new ExpectedField("header.orderNumber", FieldKind.StringOrNumber, Required: false, Nullable: true));

    public static readonly AnswerContract Lookup = AnswerContract.Of("order lookup",
        new ExpectedField("header", FieldKind.Object),
        new ExpectedField("header.orderNumber", FieldKind.StringOrNumber, Required: false, Nullable: true),
        new ExpectedField("header.status", FieldKind.StringOrNumber, Required: false, Nullable: true, IsKnown: status => KnownStatuses.Contains(status.Trim())),
        new ExpectedField("lines", FieldKind.Array, Required: false, Nullable: true),
        new ExpectedField("lines[].quantity", FieldKind.Number, Required: false, Nullable: true),
        new ExpectedField("lines[].shippedQuantity", FieldKind.Number, Required: false, Nullable: true),
        new ExpectedField("shipments", FieldKind.Array, Required: false, Nullable: true),
        new ExpectedField("shipments[].trackingNumber", FieldKind.StringOrNumber, Required: false, Nullable: true),
        new ExpectedField("shipments[].proNumber", FieldKind.StringOrNumber, Required: false, Nullable: true),
        new ExpectedField("shipments[].carrier", FieldKind.StringOrNumber, Required: false, Nullable: true),
        new ExpectedField("shipments[].shipDate", FieldKind.StringOrNumber, Required: false, Nullable: true));
}
