using DropShip.Core.Storage;

namespace DropShip.Core.Tracking;

/// <summary>The fixed id of a PO's tracking monitor, so starting it twice finds the one already running.</summary>
public static class TrackingInstance
{
    /// <summary>"po|{store}|{encoded PO}": neither part can contain '|' (store ids are restricted; POs are encoded).</summary>
    public static string IdFor(string storeId, string poNumber) => $"po|{storeId}|{KeyEncoding.Encode(poNumber)}";

    /// <summary>The external event that makes a waiting monitor check now.</summary>
    public const string CheckNowEvent = "CheckNow";
}
