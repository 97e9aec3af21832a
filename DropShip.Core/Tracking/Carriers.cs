using System.Text.RegularExpressions;

namespace DropShip.Core.Tracking;

/// <summary>Carrier names and public tracking links. Distributors name carriers loosely, or only by ship method.</summary>
public static partial class Carriers
{
    public const string Ups = "UPS", FedEx = "FedEx", Usps = "USPS", OnTrac = "OnTrac", Unknown = "Unknown";

    /// <summary>Normalizes a carrier name or ship-via code; falls back to the tracking number's format.</summary>
    public static string Identify(string? carrierOrShipVia, string trackingNumber)
    {
        var code = (carrierOrShipVia ?? "").Trim().ToUpperInvariant();
        if (code.StartsWith("UP", StringComparison.Ordinal)) return Ups;           // UPS, UP1D, UP2D
        if (code.StartsWith("FE", StringComparison.Ordinal) || code.StartsWith("FDX", StringComparison.Ordinal) || code == "AH2D") return FedEx;
        if (code.StartsWith("US", StringComparison.Ordinal)) return Usps;          // USPS, US1C, US4C
        if (code.StartsWith("ON", StringComparison.Ordinal) || code.StartsWith("CO", StringComparison.Ordinal)) return OnTrac; // ONTRAC, CO5
        return FromTrackingNumber(trackingNumber);
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

    [GeneratedRegex("^1Z[0-9A-Z]{16}$")] private static partial Regex UpsPattern();
    [GeneratedRegex("^[CD][0-9]{14}$")] private static partial Regex OnTracPattern();
    [GeneratedRegex("^(9[0-9]{19,21}|[A-Z]{2}[0-9]{9}US)$")] private static partial Regex UspsPattern();
    [GeneratedRegex("^([0-9]{12}|[0-9]{15})$")] private static partial Regex FedExPattern();
}
