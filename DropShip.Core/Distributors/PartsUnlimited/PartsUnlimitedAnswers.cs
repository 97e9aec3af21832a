using DropShip.Core.Distributors.Answers;
using DropShip.Core.Tracking;

namespace DropShip.Core.Distributors.PartsUnlimited;

/// <summary>What the Parts Unlimited adapter reads in each answer (PartsUnlimitedModels, PartsUnlimitedAvailability).</summary>
internal static class PartsUnlimitedAnswers
{
    // status_code: any number is read (200-203 success, anything else a rejection in PU's words), so no code is unknown.
    public static readonly AnswerContract Order = AnswerContract.Of("order",
        new ExpectedField("status_code", FieldKind.Number),
        new ExpectedField("status_message", FieldKind.String, Required: false, Nullable: true),
        new ExpectedField("reference_number", FieldKind.String, Required: false, Nullable: true));

    public static readonly AnswerContract Listing = AnswerContract.Of("order listing",
        new ExpectedField("status_code", FieldKind.Number, Required: false, Nullable: true),
        new ExpectedField("orders", FieldKind.Array),
        new ExpectedField("orders[].purchase_order_number", FieldKind.String),
        new ExpectedField("orders[].reference_number", FieldKind.String, Required: false, Nullable: true),
        new ExpectedField("orders[].line_items", FieldKind.Array, Required: false, Nullable: true),
        new ExpectedField("orders[].line_items[].ordered.quantity", FieldKind.Number, Required: false, Nullable: true),
        new ExpectedField("orders[].line_items[].shipped", FieldKind.Array, Required: false, Nullable: true),
        new ExpectedField("orders[].line_items[].shipped[].quantity", FieldKind.Number, Required: false, Nullable: true),
        new ExpectedField("orders[].line_items[].shipped[].ship_date", FieldKind.String, Required: false, Nullable: true),
        new ExpectedField("orders[].line_items[].shipped[].shipped_via", FieldKind.String, Required: false, Nullable: true,
            IsKnown: code => Carriers.Identify(code, "") != Carriers.Unknown),
        new ExpectedField("orders[].line_items[].shipped[].tracking_numbers", FieldKind.StringOrArray, Required: false, Nullable: true));

    public static readonly AnswerContract Inventory = AnswerContract.Of("live stock",
        new ExpectedField("availability", FieldKind.OneOrMany),
        new ExpectedField("availability[].warehouses", FieldKind.Array, Required: false, Nullable: true),
        new ExpectedField("availability[].warehouses[].quantity", FieldKind.Number, Required: false, Nullable: true));

    public static readonly AnswerContract Pricing = AnswerContract.Of("live price",
        new ExpectedField("pricing", FieldKind.OneOrMany),
        new ExpectedField("pricing[].found", FieldKind.Boolean, Required: false, Nullable: true),
        new ExpectedField("pricing[].dealerPrice", FieldKind.Number, Required: false, Nullable: true));
}
