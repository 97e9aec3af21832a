using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.PurchaseOrders;
using Microsoft.AspNetCore.Mvc;

namespace DropShip.Functions.Http;

/// <summary>
/// The route values of every store-scoped function (<c>stores/{storeId}/...</c>), bound and checked in one place before
/// the function touches anything: the store id (it becomes a table PartitionKey), and, where the route has them, the
/// distributor (resolved through the one registry) and the PO number. Every problem is in one 400 naming the values.
/// A test calls every store function with bad values and proves each answers this 400 and writes nothing.
/// </summary>
public sealed record StoreRoute(string StoreId, IDistributor? Distributor, string? PoNumber)
{
    public static (StoreRoute? Route, ContentResult? Problem) Bind(string storeId, DistributorRegistry? distributors = null, string? distributor = null, string? poNumber = null)
    {
        var errors = new FieldErrors();
        if (!Core.Common.StoreId.IsValid(storeId))
            errors.Add("storeId", ErrorCodes.InvalidValue, $"storeId must be 1-{Core.Common.StoreId.MaxLength} letters, digits, '-' or '_', starting with a letter or digit.");
        var adapter = distributors?.Resolve("distributor", distributor, errors);
        var po = poNumber is null ? null : PoNumbers.Validate("poNumber", poNumber, errors);
        return errors.Any ? (null, ApiResults.Invalid(errors.All)) : (new StoreRoute(storeId, adapter, po), null);
    }
}
