using DropShip.Core.Common;
using DropShip.Core.Eligibility;
using DropShip.Core.Submission;

namespace DropShip.Tests.Infrastructure;

/// <summary>Order items and submit bodies as the platform's admin would send them.</summary>
public static class Orders
{
    public static ShipTo ShipTo(string city = "Springfield") => new()
    {
        Name = "Pat Rider",
        Address1 = "12 Throttle Way",
        City = city,
        State = "IL",
        PostalCode = "62701",
        Phone = "555-0100",
        Email = "pat@example.com",
    };

    public static OrderItemFacts Item(string orderId = "1001", string itemId = "A1", params DistributorPartInput[] parts) => new()
    {
        OrderId = orderId,
        OrderNumber = "#" + orderId,
        OrderStatus = "New",
        ItemId = itemId,
        Description = "Brake pads",
        Quantity = 1,
        Catalog = "Aftermarket",
        LeadTimeDays = 1,
        DistributorParts = parts.Length > 0 ? parts : [new DistributorPartInput("wps", "87-9938")],
        Customer = new Customer { Name = "Pat Rider", Email = "pat@example.com", Phone = "555-0100" },
        ShipTo = ShipTo(),
    };

    public static SubmitRequest Submit(OrderItemFacts item, string poNumber, string distributor = "wps", string? partNumber = null, ShipTo? shipTo = null, bool? confirm = true) => new()
    {
        Item = item,
        Distributor = distributor,
        PartNumber = partNumber ?? item.DistributorParts!.First(p => p.Distributor == distributor).PartNumber,
        PoNumber = poNumber,
        ShipTo = shipTo ?? item.ShipTo,
        ConfirmRealOrder = confirm,
    };
}
