using Azure.Data.Tables;
using DropShip.Core.Common;
using DropShip.Core.Storage;
using static DropShip.Core.Storage.KeyEncoding;

namespace DropShip.Core.PurchaseOrders;

// The row kinds of the "PurchaseOrders" table (see PurchaseOrderStore), each with its key, its column names and its one
// mapping. Ids from outside are percent-encoded (KeyEncoding) so they can't inject key separators or forbidden characters.

/// <summary><c>po|{po}</c>: the PO itself. Its insert fails when the PO number is taken in the store.</summary>
internal static class PoRow
{
    public const string Prefix = "po|";

    public static string Key(string poNumber) => Prefix + Encode(poNumber);

    public static class Columns
    {
        public const string PoNumber = "PoNumber";
        public const string OrderId = "OrderId";
        public const string ItemId = "ItemId";
        public const string Distributor = "Distributor";
        public const string PartNumber = "PartNumber";
        public const string Quantity = "Quantity";
        public const string Status = "Status";
        public const string Shipped = "Shipped";
        public const string TestMode = "TestMode";
        public const string ShipTo = "ShipTo";
        public const string Customer = "Customer";
        public const string ItemDescription = "ItemDescription";
        public const string OrderNumber = "OrderNumber";
        public const string DistributorOrderNumbers = "DistributorOrderNumbers";
        public const string Lines = "Lines";
        public const string Shipments = "Shipments";
        public const string OptionsAvailable = "OptionsAvailable";
        public const string AllowBackorder = "AllowBackorder";
        public const string StockAtSubmit = "StockAtSubmit";
        public const string StatusReason = "StatusReason";
        public const string CreatedAt = "CreatedAt";
        public const string UpdatedAt = "UpdatedAt";
        public const string ShippedAt = "ShippedAt";
    }

    public static TableEntity ToEntity(PurchaseOrder po) => new(po.StoreId, Key(po.PoNumber))
    {
        [Columns.PoNumber] = po.PoNumber,
        [Columns.OrderId] = po.OrderId,
        [Columns.ItemId] = po.ItemId,
        [Columns.Distributor] = po.Distributor,
        [Columns.PartNumber] = po.PartNumber,
        [Columns.Quantity] = po.Quantity,
        [Columns.Status] = po.Status.ToString(),
        [Columns.Shipped] = po.IsShipped,
        [Columns.TestMode] = po.TestMode,
        [Columns.ShipTo] = DropShipJson.Serialize(po.ShipTo),
        [Columns.Customer] = po.Customer is null ? null : DropShipJson.Serialize(po.Customer),
        [Columns.ItemDescription] = po.ItemDescription,
        [Columns.OrderNumber] = po.OrderNumber,
        [Columns.DistributorOrderNumbers] = DropShipJson.Serialize(po.DistributorOrderNumbers),
        [Columns.Lines] = DropShipJson.Serialize(po.Lines),
        [Columns.Shipments] = DropShipJson.Serialize(po.Shipments),
        [Columns.OptionsAvailable] = DropShipJson.Serialize(po.OptionsAvailable),
        [Columns.AllowBackorder] = po.AllowBackorder,
        [Columns.StockAtSubmit] = po.StockAtSubmit is null ? null : DropShipJson.Serialize(po.StockAtSubmit),
        [Columns.StatusReason] = po.StatusReason,
        [Columns.CreatedAt] = po.CreatedAt,
        [Columns.UpdatedAt] = po.UpdatedAt,
        [Columns.ShippedAt] = po.ShippedAt,
    };

    public static PurchaseOrder From(TableEntity e) => new()
    {
        StoreId = e.PartitionKey,
        PoNumber = e.GetString(Columns.PoNumber),
        OrderId = e.GetString(Columns.OrderId),
        ItemId = e.GetString(Columns.ItemId),
        Distributor = e.GetString(Columns.Distributor),
        PartNumber = e.GetString(Columns.PartNumber),
        Quantity = e.GetInt32(Columns.Quantity) ?? 1,
        Status = Enum.Parse<PurchaseOrderStatus>(e.GetString(Columns.Status)),
        TestMode = e.GetBoolean(Columns.TestMode) ?? false,
        ShipTo = DropShipJson.Deserialize<ShipTo>(e.GetString(Columns.ShipTo)) ?? new ShipTo(),
        Customer = DropShipJson.Deserialize<Customer>(e.GetString(Columns.Customer)),
        ItemDescription = e.GetString(Columns.ItemDescription),
        OrderNumber = e.GetString(Columns.OrderNumber),
        DistributorOrderNumbers = DropShipJson.Deserialize<List<string>>(e.GetString(Columns.DistributorOrderNumbers)) ?? [],
        // Rows from before POs had lines have no Lines column: the PO then has the one line its item fields describe.
        Lines = DropShipJson.Deserialize<List<PurchaseOrderLine>>(e.GetString(Columns.Lines)) ?? [],
        Shipments = DropShipJson.Deserialize<List<TrackedShipment>>(e.GetString(Columns.Shipments)) ?? [],
        OptionsAvailable = DropShipJson.Deserialize<List<OptionRecord>>(e.GetString(Columns.OptionsAvailable)) ?? [],
        AllowBackorder = e.GetBoolean(Columns.AllowBackorder) ?? false,
        StockAtSubmit = DropShipJson.Deserialize<StockAtSubmit>(e.GetString(Columns.StockAtSubmit)),
        StatusReason = e.GetString(Columns.StatusReason),
        CreatedAt = e.GetDateTimeOffset(Columns.CreatedAt) ?? DateTimeOffset.MinValue,
        UpdatedAt = e.GetDateTimeOffset(Columns.UpdatedAt) ?? DateTimeOffset.MinValue,
        ShippedAt = e.GetDateTimeOffset(Columns.ShippedAt),
    };
}

/// <summary><c>item|{orderId}|{itemId}</c>: the item's claim. Its insert fails when the item already has a PO.</summary>
internal static class ClaimRow
{
    public const string Prefix = "item|";

    public static string Key(string orderId, string itemId) => $"{Prefix}{Encode(orderId)}|{Encode(itemId)}";

    public static class Columns
    {
        public const string PoNumber = "PoNumber";
    }

    /// <summary>One claim per line: every item of the PO points at it.</summary>
    public static IEnumerable<TableEntity> ToEntities(PurchaseOrder po) =>
        po.Lines.Select(line => new TableEntity(po.StoreId, Key(po.OrderId, line.ItemId)) { [Columns.PoNumber] = po.PoNumber });

    /// <summary>Only the keys of every line's claim: for a delete.</summary>
    public static IEnumerable<TableEntity> KeysOf(PurchaseOrder po) => po.Lines.Select(line => new TableEntity(po.StoreId, Key(po.OrderId, line.ItemId)));

    public static string? PoNumberOf(TableEntity e) => e.GetString(Columns.PoNumber);
}

/// <summary><c>list|{inverted created ticks}|{po}</c>: the listing projection, newest first, with the filter fields.</summary>
internal static class ListRow
{
    public const string Prefix = "list|";

    public static string Key(PurchaseOrder po) => $"{Prefix}{InvertedTicks(po.CreatedAt)}|{Encode(po.PoNumber)}";

    /// <summary>The columns search filters on and shows; the names are those of the PO row.</summary>
    public static class Columns
    {
        public const string PoNumber = PoRow.Columns.PoNumber;
        public const string OrderId = PoRow.Columns.OrderId;
        public const string ItemId = PoRow.Columns.ItemId;
        public const string Distributor = PoRow.Columns.Distributor;
        public const string PartNumber = PoRow.Columns.PartNumber;
        public const string Status = PoRow.Columns.Status;
        public const string Shipped = PoRow.Columns.Shipped;
        public const string TestMode = PoRow.Columns.TestMode;
        public const string LineCount = "LineCount";
        public const string CreatedAt = PoRow.Columns.CreatedAt;
        public const string UpdatedAt = PoRow.Columns.UpdatedAt;
    }

    public static TableEntity ToEntity(PurchaseOrder po) => new(po.StoreId, Key(po))
    {
        [Columns.PoNumber] = po.PoNumber,
        [Columns.OrderId] = po.OrderId,
        [Columns.ItemId] = po.ItemId,
        [Columns.Distributor] = po.Distributor,
        [Columns.PartNumber] = po.PartNumber,
        [Columns.Status] = po.Status.ToString(),
        [Columns.Shipped] = po.IsShipped,
        [Columns.TestMode] = po.TestMode,
        [Columns.LineCount] = po.Lines.Count,
        [Columns.CreatedAt] = po.CreatedAt,
        [Columns.UpdatedAt] = po.UpdatedAt,
    };

    /// <summary>Only the keys: for a delete.</summary>
    public static TableEntity KeysOf(PurchaseOrder po) => new(po.StoreId, Key(po));

    public static PurchaseOrderSummary From(TableEntity e) => new(
        e.GetString(Columns.PoNumber), e.GetString(Columns.OrderId), e.GetString(Columns.ItemId), e.GetString(Columns.Distributor),
        e.GetString(Columns.PartNumber), Enum.Parse<PurchaseOrderStatus>(e.GetString(Columns.Status)), e.GetBoolean(Columns.Shipped) ?? false,
        e.GetBoolean(Columns.TestMode) ?? false, e.GetDateTimeOffset(Columns.CreatedAt) ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset(Columns.UpdatedAt) ?? DateTimeOffset.MinValue, e.GetInt32(Columns.LineCount) ?? 1);
}

/// <summary>The PO's timeline, oldest first, in the one history scheme (<see cref="HistoryRows{T}"/>).</summary>
internal static class TimelineRow
{
    public static readonly HistoryRows<TimelineEntry> Kind = new("event", HistoryOrder.OldestFirst);

    public static TableEntity ToEntity(PurchaseOrder po, TimelineEntry entry) => Kind.ToEntity(po.StoreId, po.PoNumber, entry.At, entry);
}

/// <summary>Rejected submissions of a PO number, oldest first, in the one history scheme.</summary>
internal static class AttemptRow
{
    public static readonly HistoryRows<SubmissionAttempt> Kind = new("attempt", HistoryOrder.OldestFirst);

    public static TableEntity ToEntity(string storeId, SubmissionAttempt attempt) => Kind.ToEntity(storeId, attempt.PoNumber, attempt.At, attempt);
}
