using System.Collections.Concurrent;
using DropShip.Sandbox.Scripting;

namespace DropShip.Sandbox.Wps;

/// <summary>An open cart: WPS keys carts by PO number, so there is at most one open cart per PO.</summary>
internal sealed class WpsCart(string cartNumber, WpsCartRequest address)
{
    private readonly Lock gate = new();
    private readonly List<OrderLine> items = [];

    public string CartNumber { get; } = cartNumber;

    public WpsCartRequest Address { get; } = address;

    public void Add(OrderLine line)
    {
        lock (gate)
        {
            items.Add(line);
        }
    }

    public IReadOnlyList<OrderLine> Items
    {
        get
        {
            lock (gate)
            {
                return items.ToArray();
            }
        }
    }
}

/// <summary>
/// One submitted cart. A shipment of 3+ packages is presented as two WPS orders (two warehouses), so it reserves a second order number.
/// </summary>
internal sealed record WpsSubmittedOrder(ScriptedOrder Order, string SecondOrderNumber, string Warehouse, string SecondWarehouse, int InvoiceNumber);

/// <summary>Everything ever ordered under one PO (WPS allows reusing a PO, so there can be several submitted orders).</summary>
internal sealed class WpsPurchaseOrder(WpsCartRequest address)
{
    private readonly Lock gate = new();
    private readonly List<WpsSubmittedOrder> orders = [];

    public WpsCartRequest Address { get; } = address;

    public void Add(WpsSubmittedOrder order)
    {
        lock (gate)
        {
            orders.Add(order);
        }
    }

    public IReadOnlyList<WpsSubmittedOrder> Orders
    {
        get
        {
            lock (gate)
            {
                return orders.ToArray();
            }
        }
    }
}

/// <summary>The state of the one WPS environment (production; WPS has no test host).</summary>
internal sealed class WpsAccount
{
    private int lastCartNumber = 123000;
    private int lastOrderNumber = 1234566;
    private int lastInvoiceNumber = 88000000;

    public ConcurrentDictionary<string, WpsCart> OpenCarts { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, WpsPurchaseOrder> PurchaseOrders { get; } = new(StringComparer.Ordinal);

    public string NextCartNumber() => $"C{Interlocked.Increment(ref lastCartNumber)}";

    public string NextOrderNumber() => $"W{Interlocked.Increment(ref lastOrderNumber)}";

    public int NextInvoiceNumber() => Interlocked.Increment(ref lastInvoiceNumber);
}
