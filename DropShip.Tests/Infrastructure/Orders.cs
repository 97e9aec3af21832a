using DropShip.Core.Common;
using DropShip.Core.Eligibility;
using DropShip.Core.PurchaseOrders;
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

    /// <summary>A whole order of two items: the first leaves the order's fields out and takes them, the second repeats them.</summary>
    public static OrderFacts WholeOrder(string orderId = "1001", params string[] itemIds) => new()
    {
        OrderId = orderId,
        OrderNumber = "#" + orderId,
        OrderStatus = "New",
        Customer = Item(orderId).Customer,
        ShipTo = ShipTo(),
        Items = [Item(orderId, itemIds.ElementAtOrDefault(0) ?? "A1") with { OrderId = null, OrderNumber = null, OrderStatus = null, Customer = null, ShipTo = null },
            Item(orderId, itemIds.ElementAtOrDefault(1) ?? "A2")],
    };

    /// <summary>A stored PO as submit writes it, for tests that drive the store directly.</summary>
    public static PurchaseOrder Po(string storeId, string poNumber, PurchaseOrderStatus status, DateTimeOffset at, string orderId = "1001", string partNumber = "87-9938", int quantity = 1) => new()
    {
        StoreId = storeId,
        PoNumber = poNumber,
        OrderId = orderId,
        ItemId = "A1",
        Distributor = "wps",
        PartNumber = partNumber,
        Quantity = quantity,
        Status = status,
        ShipTo = ShipTo(),
        Customer = Item().Customer,
        CreatedAt = at,
        UpdatedAt = at,
    };
}
