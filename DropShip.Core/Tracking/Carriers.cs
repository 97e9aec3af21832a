using System.Text.RegularExpressions;

namespace DropShip.Core.Tracking;

/// <summary>Carrier names and public tracking links. Distributors name carriers loosely, or only by ship method.</summary>
public static partial class Carriers
{
    public const string Ups = "UPS", FedEx = "FedEx", Usps = "USPS", OnTrac = "OnTrac", Unknown = "Unknown";

    /// <summary>
    /// Normalizes a carrier name or a distributor's ship-method code; falls back to the tracking number's format. Codes come
    /// as names ("UPS", "FedEx"), as Parts Unlimited's service codes whose first word is the carrier ("ups_ground",
    /// "fedex_ground", "usps_priority", "ontrac_ground"), or as WPS ship_via codes ("UP2D", "FE1D", "US1C", "CO5").
    /// </summary>
    public static string Identify(string? carrierOrShipVia, string trackingNumber)
    {
        var code = (carrierOrShipVia ?? "").Trim().ToUpperInvariant();
        var firstWord = code.Split([' ', '_', '-', '.'], 2)[0];
        var carrier = firstWord switch
        {
            "UPS" => Ups,
            "FEDEX" or "FDX" or "FDXG" => FedEx,
            "USPS" => Usps,
            "ONTRAC" => OnTrac,
            _ => WpsShipViaPattern().Match(code).Groups["carrier"].Value switch
            {
                "UP" => Ups,
                "FE" or "AH" => FedEx,   // AH2D: FedEx 2-day to Alaska and Hawaii
                "US" => Usps,
                "CO" => OnTrac,          // CO5: OnTrac Ground
                _ => null,
            },
        };
        return carrier ?? FromTrackingNumber(trackingNumber);
    }

    public static string FromTrackingNumber(string trackingNumber)
    {
        var number = trackingNumber.Trim().ToUpperInvariant();
        if (UpsPattern().IsMatch(number)) return Ups;
        if (OnTracPattern().IsMatch(number)) return OnTrac;
        if (UspsPattern().IsMatch(number)) return Usps;
        if (FedExPattern().IsMatch(number)) return FedEx;
        return Unknown;
    }

    /// <summary>The carrier's public tracking page, or null for an unknown carrier.</summary>
    public static Uri? TrackingUrl(string carrier, string trackingNumber)
    {
        var number = Uri.EscapeDataString(trackingNumber.Trim());
        return carrier switch
        {
            Ups => new Uri($"https://www.ups.com/track?tracknum={number}"),
            FedEx => new Uri($"https://www.fedex.com/fedextrack/?trknbr={number}"),
            Usps => new Uri($"https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
            OnTrac => new Uri($"https://www.ontrac.com/tracking/?number={number}"),
            _ => null,
        };
    }

    /// <summary>WPS ship_via codes: carrier prefix plus a service (UP1D, UP2D, FE1D, FE2D, AH2D, US1C, US4C, CO5).</summary>
    [GeneratedRegex("^(?<carrier>UP|FE|AH|US)[0-9][A-Z]\\z|^(?<carrier>CO)[0-9]\\z")] private static partial Regex WpsShipViaPattern();
    [GeneratedRegex("^1Z[0-9A-Z]{16}\\z")] private static partial Regex UpsPattern();
    [GeneratedRegex("^[CD][0-9]{14}\\z")] private static partial Regex OnTracPattern();
    [GeneratedRegex("^(9[0-9]{19,21}|[A-Z]{2}[0-9]{9}US)\\z")] private static partial Regex UspsPattern();
    [GeneratedRegex("^([0-9]{12}|[0-9]{15})\\z")] private static partial Regex FedExPattern();
}
