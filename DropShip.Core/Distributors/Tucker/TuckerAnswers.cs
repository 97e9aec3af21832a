using DropShip.Core.Distributors.Answers;
using DropShip.Core.Tracking;

namespace DropShip.Core.Distributors.Tucker;

/// <summary>What the Tucker Rocky adapter reads in each TRWS answer (TuckerModels, TuckerAvailability), under its type's key.</summary>
internal static class TuckerAnswers
{
    public const string WithOrderOutput = "SUCCESSFUL with orderoutput";
    public const string WithoutOrderOutput = "without orderoutput";

    /// <summary>A successful ORD carries orderoutput in the one public client that reads it; another reads SUCCESSFUL alone.</summary>
    public static readonly AnswerContract Order = new("order",
    [
        new AnswerForm(WithOrderOutput, "ORD", "ORD.orderoutput", OrderFields),
        new AnswerForm(WithoutOrderOutput, "ORD", "ORD", OrderFields),
    ]);

    public static readonly AnswerContract Shipments = Section("shipment lookup", "SHP",
        new ExpectedField("status", FieldKind.String),
        new ExpectedField("errormsg", FieldKind.StringOrNumber, Required: false, Nullable: true),
        new ExpectedField("shipment", FieldKind.OneOrMany, Required: false, Nullable: true),
        new ExpectedField("shipment[].trackingnumber", FieldKind.StringOrNumber),
        new ExpectedField("shipment[].carrier", FieldKind.StringOrNumber, Required: false, Nullable: true, IsKnown: code => Carriers.Identify(code, "") != Carriers.Unknown),
        new ExpectedField("shipment[].shipdate", FieldKind.StringOrNumber, Required: false, Nullable: true),
        new ExpectedField("shipment[].qty", FieldKind.Number, Required: false, Nullable: true));

    public static readonly AnswerContract Stock = Section("live stock", "INV",
        new ExpectedField("status", FieldKind.String),
        new ExpectedField("item", FieldKind.OneOrMany, Required: false, Nullable: true),
        new ExpectedField("item[].item", FieldKind.StringOrNumber),
        new ExpectedField("item[].inventory", FieldKind.StringOrNumber, Required: false, Nullable: true),
        new ExpectedField("item[].dc", FieldKind.OneOrMany, Required: false, Nullable: true));

    private static ExpectedField[] OrderFields =>
    [
        new("status", FieldKind.String),
        new("errormsg", FieldKind.StringOrNumber, Required: false, Nullable: true),
        new("orderoutput", FieldKind.Object, Required: false, Nullable: true),
        new("orderoutput.ordernumber", FieldKind.StringOrNumber, Required: false, Nullable: true),
        new("orderinput.orderline", FieldKind.OneOrMany, Required: false, Nullable: true),
    ];

    private static AnswerContract Section(string operation, string type, params ExpectedField[] fields) =>
        new(operation, [new AnswerForm("TRWS " + type, type, type, fields)]);
}
