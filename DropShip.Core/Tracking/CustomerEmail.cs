using System.Net;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Core.Tracking;

/// <summary>Sends one customer email. <paramref name="operationId"/> makes a repeat of the same email a no-op at the service.</summary>
public interface ICustomerEmailSender
{
    /// <summary>False when no email service is configured (locally): the PO timeline says the email was not sent.</summary>
    bool Enabled { get; }

    Task SendAsync(CustomerEmail email, Guid operationId, CancellationToken cancellationToken);
}

public sealed record CustomerEmail(string To, string? ToName, string Subject, string PlainText, string Html);

/// <summary>The shipping email and the order note for one package, in plain text and HTML (values HTML-encoded).</summary>
public static class ShipmentMessages
{
    /// <param name="distributorName">The distributor's display name (WPS, Parts Unlimited), never its key.</param>
    public static string OrderNote(PurchaseOrder po, string distributorName, TrackedShipment shipment) =>
        $"Drop-ship: {distributorName} shipped {Describe(po, shipment)} via {shipment.Carrier}, tracking {shipment.TrackingNumber}" +
        (shipment.TrackingUrl is { } url ? $" ({url})" : "") + $". PO {po.PoNumber}.";

    public static CustomerEmail ShippingEmail(PurchaseOrder po, TrackedShipment shipment, string to)
    {
        var order = po.OrderNumber ?? po.OrderId;
        var subject = $"Your order {order} has shipped";
        var greeting = po.Customer?.Name is { Length: > 0 } name ? $"Hello {name}," : "Hello,";
        var link = shipment.TrackingUrl?.ToString();
        var plain = string.Join("\n",
            greeting,
            "",
            $"Good news: {Describe(po, shipment)} from your order {order} is on its way.",
            $"Carrier: {shipment.Carrier}",
            $"Tracking number: {shipment.TrackingNumber}",
            link is null ? "" : $"Track it: {link}",
            "",
            "Thank you for your order.");
        var e = (string? s) => WebUtility.HtmlEncode(s ?? "");
        var html =
            $"<p>{e(greeting)}</p>" +
            $"<p>Good news: {e(Describe(po, shipment))} from your order <strong>{e(order)}</strong> is on its way.</p>" +
            $"<p>Carrier: {e(shipment.Carrier)}<br>Tracking number: {e(shipment.TrackingNumber)}</p>" +
            (link is null ? "" : $"<p><a href=\"{e(link)}\">Track your package</a></p>") +
            "<p>Thank you for your order.</p>";
        return new CustomerEmail(to, po.Customer?.Name, subject, plain, html);
    }

    /// <summary>
    /// What the package holds: each line it carries ("2 x Brake pads, 1 x Oil filter") where the distributor said which;
    /// otherwise, for a one-line PO, its item; otherwise the PO's items as "a package of your order (...)".
    /// </summary>
    private static string Describe(PurchaseOrder po, TrackedShipment shipment)
    {
        if (po.Lines.Count > 1)
        {
            if (shipment.Lines is { Count: > 0 } carried)
                return string.Join(", ", carried.Select(l => $"{l.Quantity} x {What(po.Lines.FirstOrDefault(p => p.ItemId == l.ItemId)?.Description, l.PartNumber)}"));
            return $"a package of your order ({string.Join(", ", po.Lines.Select(l => What(l.Description, l.PartNumber)))})";
        }
        var what = What(po.ItemDescription, po.PartNumber);
        var quantity = shipment.Quantity ?? (po.Shipments.Count <= 1 ? po.Quantity : (int?)null);
        return quantity is { } q ? $"{q} x {what}" : $"a package of {what}";
    }

    private static string What(string? description, string partNumber) => description ?? $"part {partNumber}";
}
