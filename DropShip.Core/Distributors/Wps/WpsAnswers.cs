using DropShip.Core.Distributors.Answers;
using DropShip.Core.Tracking;

namespace DropShip.Core.Distributors.Wps;

/// <summary>
/// What the WPS adapter reads in each answer (WpsModels, WpsAvailability), checked on every answer and by the go-live probe.
/// Single entities come wrapped in {"data":...} (WPS's response types page) or bare (the Orders page shows the submit
/// answer bare): each contract names both forms, the wrapped one first.
/// </summary>
internal static class WpsAnswers
{
    public const string Wrapped = "wrapped in data";
    public const string Bare = "bare";

    /// <summary>Statuses a public WPS storefront maps (Processing; Invoiced, Shipped, Delivered as done) and the closed ones the adapter reads.</summary>
    private static readonly HashSet<string> KnownStatuses = new(StringComparer.OrdinalIgnoreCase)
        { "Processing", "Open", "Pending", "Shipped", "Invoiced", "Delivered", "Complete", "Completed", "Closed" };

    public static bool IsKnownStatus(string status) => KnownStatuses.Contains(status.Trim());

    public static readonly AnswerContract Submit = Entity("order submit", "order_number",
        new ExpectedField("order_number", FieldKind.String));

    public static readonly AnswerContract Lookup = Entity("order lookup", "order_details",
        new ExpectedField("order_details", FieldKind.Array),
        new ExpectedField("order_details[].order_number", FieldKind.String),
        new ExpectedField("order_details[].order_status", FieldKind.String, IsKnown: IsKnownStatus),
        new ExpectedField("order_details[].ship_via", FieldKind.String, Required: false, Nullable: true, IsKnown: code => Carriers.Identify(code, "") != Carriers.Unknown),
        new ExpectedField("order_details[].ship_date", FieldKind.String, Required: false, Nullable: true),
        new ExpectedField("order_details[].tracking_numbers", FieldKind.Array, Required: false, Nullable: true),
        new ExpectedField("order_details[].items", FieldKind.Array, Required: false, Nullable: true),
        new ExpectedField("order_details[].items[].order_quantity", FieldKind.Number, Required: false, Nullable: true),
        new ExpectedField("order_details[].items[].ship_quantity", FieldKind.Number, Required: false, Nullable: true));

    /// <summary>GET items?filter[sku]=&amp;include=inventory: the items inline, or JSON:API (fields under attributes, inventory in included).</summary>
    public static readonly AnswerContract Items = new("live stock",
    [
        new AnswerForm("JSON:API (attributes, included)", "", "data[].attributes",
        [
            new ExpectedField("data", FieldKind.Array),
            new ExpectedField("data[].attributes.sku", FieldKind.String),
            new ExpectedField("data[].attributes.standard_dealer_price", FieldKind.Number, Required: false, Nullable: true),
            new ExpectedField("included", FieldKind.Array, Required: false),
        ]),
        new AnswerForm("items with inventory inline", "", "",
        [
            new ExpectedField("data", FieldKind.Array),
            new ExpectedField("data[].sku", FieldKind.String),
            new ExpectedField("data[].standard_dealer_price", FieldKind.Number, Required: false, Nullable: true),
            new ExpectedField("data[].inventory", FieldKind.Object, Required: false, Nullable: true),
        ]),
    ]);

    private static AnswerContract Entity(string operation, string bareMarker, params ExpectedField[] fields) => new(operation,
    [
        new AnswerForm(Wrapped, "data", "data." + bareMarker, fields),
        new AnswerForm(Bare, "", bareMarker, fields),
    ]);
}
