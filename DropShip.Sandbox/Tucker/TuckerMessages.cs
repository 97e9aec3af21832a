namespace DropShip.Sandbox.Tucker;

// TRWS wire shapes; keys are all lowercase (SandboxJson.LowerCase), each answer wrapped in an object keyed by the request type:
// {"ORD":{...}}, {"SHP":{...}}, {"INV":{...}}.

internal sealed record TuckerStatus(string Status, string Errormsg);

internal sealed record TuckerOrderAnswer(string Status, string Errormsg, TuckerOrderInput Orderinput, object Orderoutput);

/// <summary>An accepted order as a public client sees it: SUCCESSFUL and the lines, no orderoutput.</summary>
internal sealed record TuckerOrderAccepted(string Status, string Errormsg, TuckerOrderInput Orderinput);

internal sealed record TuckerOrderInput(IReadOnlyList<TuckerOrderLine> Orderline);

internal sealed record TuckerOrderLine(string Item, int Qty, string Errormsg);

internal sealed record TuckerOrderOutput(string Ordernumber, string Po);

/// <summary>submit=NO: validated only, so there is no order number.</summary>
internal sealed record TuckerValidatedOutput(string Po);

internal sealed record TuckerShipments(string Status, string Errormsg, IReadOnlyList<TuckerShipment> Shipment);

internal sealed record TuckerShipment(string Po, string Ordernumber, string Shipdate, string Carrier, string Trackingnumber, string Item, int Qty);
