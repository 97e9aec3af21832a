using DropShip.Core.Tracking;

namespace DropShip.Tests.Unit;

public sealed class CarrierTests
{
    private const string UpsNumber = "1Z999AA10123456784";
    private const string FedExNumber = "123456789012";
    private const string UspsNumber = "9400111899223197428490";
    private const string OnTracNumber = "C12345678901234";
    private const string Opaque = "XYZ-42";

    [Theory]
    // WPS ship-via codes (no carrier field; the code names the carrier).
    [InlineData("UP2D", Opaque, Carriers.Ups)]
    [InlineData("UP1D", Opaque, Carriers.Ups)]
    [InlineData("FE2D", Opaque, Carriers.FedEx)]
    [InlineData("AH2D", Opaque, Carriers.FedEx)]
    [InlineData("US1C", Opaque, Carriers.Usps)]
    [InlineData("US4C", Opaque, Carriers.Usps)]
    [InlineData("CO5", Opaque, Carriers.OnTrac)]
    // Parts Unlimited and Tucker Rocky: upper-case carrier names.
    [InlineData("UPS", Opaque, Carriers.Ups)]
    [InlineData("FEDEX", Opaque, Carriers.FedEx)]
    [InlineData("USPS", Opaque, Carriers.Usps)]
    [InlineData("ONTRAC", Opaque, Carriers.OnTrac)]
    // Automatic: mixed case.
    [InlineData("FedEx", Opaque, Carriers.FedEx)]
    [InlineData("OnTrac", Opaque, Carriers.OnTrac)]
    // Loosely written names.
    [InlineData(" ups ", Opaque, Carriers.Ups)]
    [InlineData("fedex ground", Opaque, Carriers.FedEx)]
    [InlineData("FDX", Opaque, Carriers.FedEx)]
    [InlineData("usps priority", Opaque, Carriers.Usps)]
    [InlineData("up2d", Opaque, Carriers.Ups)]
    // The carrier named wins over the number's look.
    [InlineData("FE2D", UpsNumber, Carriers.FedEx)]
    [InlineData("UPS", FedExNumber, Carriers.Ups)]
    // No or unknown carrier: the tracking number decides.
    [InlineData(null, UpsNumber, Carriers.Ups)]
    [InlineData("", FedExNumber, Carriers.FedEx)]
    [InlineData("   ", UspsNumber, Carriers.Usps)]
    [InlineData("BEST WAY", OnTracNumber, Carriers.OnTrac)]
    [InlineData("LTL", Opaque, Carriers.Unknown)]
    [InlineData(null, Opaque, Carriers.Unknown)]
    public void Identify_normalizes_ship_via_codes_and_carrier_names(string? carrierOrShipVia, string trackingNumber, string expected)
    {
        Assert.Equal(expected, Carriers.Identify(carrierOrShipVia, trackingNumber));
    }

    [Theory]
    // UPS: 1Z + 16 alphanumerics.
    [InlineData("1Z999AA10123456784", Carriers.Ups)]
    [InlineData("1z999aa10123456784", Carriers.Ups)]
    [InlineData(" 1Z999AA10123456784 ", Carriers.Ups)]
    [InlineData("1ZA1B2C3D4E5F6G7H8", Carriers.Ups)]
    [InlineData("1Z999AA1012345678", Carriers.Unknown)]   // 15 after 1Z
    [InlineData("1Z999AA101234567845", Carriers.Unknown)] // 17 after 1Z
    [InlineData("1Z999AA1012345678-", Carriers.Unknown)]
    // FedEx: 12 or 15 digits.
    [InlineData("123456789012", Carriers.FedEx)]
    [InlineData("123456789012345", Carriers.FedEx)]
    [InlineData("12345678901", Carriers.Unknown)]
    [InlineData("1234567890123", Carriers.Unknown)]
    [InlineData("12345678901234", Carriers.Unknown)]
    [InlineData("1234567890123456", Carriers.Unknown)]
    [InlineData("12345678901A", Carriers.Unknown)]
    // USPS: 20-22 digits starting with 9, or the international XX123456789US.
    [InlineData("94001118992231974284", Carriers.Usps)]
    [InlineData("940011189922319742849", Carriers.Usps)]
    [InlineData("9400111899223197428490", Carriers.Usps)]
    [InlineData("EA123456789US", Carriers.Usps)]
    [InlineData("ea123456789us", Carriers.Usps)]
    [InlineData("9400111899223197", Carriers.Unknown)]          // 16 digits
    [InlineData("9400111899223197428", Carriers.Unknown)]       // 19 digits
    [InlineData("94001118992231974284901", Carriers.Unknown)]   // 23 digits
    [InlineData("84001118992231974284", Carriers.Unknown)]      // 20 digits, not 9...
    [InlineData("EA123456789GB", Carriers.Unknown)]
    // OnTrac: C (or D) + 14 digits.
    [InlineData("C12345678901234", Carriers.OnTrac)]
    [InlineData("c12345678901234", Carriers.OnTrac)]
    [InlineData("D12345678901234", Carriers.OnTrac)]
    [InlineData("C1234567890123", Carriers.Unknown)]
    [InlineData("C123456789012345", Carriers.Unknown)]
    [InlineData("E12345678901234", Carriers.Unknown)]
    // Anything else.
    [InlineData("", Carriers.Unknown)]
    [InlineData("   ", Carriers.Unknown)]
    [InlineData("ABC", Carriers.Unknown)]
    [InlineData("1Z 999 AA1 01 2345 6784", Carriers.Unknown)]
    public void FromTrackingNumber_recognizes_the_carrier_formats(string trackingNumber, string expected)
    {
        Assert.Equal(expected, Carriers.FromTrackingNumber(trackingNumber));
    }

    [Theory]
    [InlineData(Carriers.Ups, UpsNumber, "https://www.ups.com/track?tracknum=1Z999AA10123456784")]
    [InlineData(Carriers.FedEx, FedExNumber, "https://www.fedex.com/fedextrack/?trknbr=123456789012")]
    [InlineData(Carriers.Usps, UspsNumber, "https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490")]
    [InlineData(Carriers.OnTrac, OnTracNumber, "https://www.ontrac.com/tracking/?number=C12345678901234")]
    [InlineData(Carriers.Ups, "  " + UpsNumber + " ", "https://www.ups.com/track?tracknum=1Z999AA10123456784")]
    public void TrackingUrl_links_the_carrier_tracking_page(string carrier, string trackingNumber, string expected)
    {
        Assert.Equal(new Uri(expected), Carriers.TrackingUrl(carrier, trackingNumber));
        Assert.Equal(expected, Carriers.TrackingUrl(carrier, trackingNumber)!.AbsoluteUri);
    }

    [Theory]
    [InlineData(Carriers.Ups, "tracknum")]
    [InlineData(Carriers.FedEx, "trknbr")]
    [InlineData(Carriers.Usps, "tLabels")]
    [InlineData(Carriers.OnTrac, "number")]
    public void TrackingUrl_escapes_the_number(string carrier, string parameter)
    {
        const string hostile = "1Z 99/9?x=1&y=#frag+%é";

        var url = Carriers.TrackingUrl(carrier, hostile)!;

        Assert.Equal("", url.Fragment);
        var query = url.Query.TrimStart('?').Split('&');
        var value = Assert.Single(query, p => p.StartsWith(parameter + "=", StringComparison.Ordinal))[(parameter.Length + 1)..];
        Assert.Single(query); // the number did not add parameters
        Assert.Equal("1Z%2099%2F9%3Fx%3D1%26y%3D%23frag%2B%25%C3%A9", value);
        Assert.Equal(hostile, Uri.UnescapeDataString(value));
    }

    [Theory]
    [InlineData(Carriers.Unknown)]
    [InlineData("DHL")]
    [InlineData("")]
    public void TrackingUrl_is_null_for_an_unknown_carrier(string carrier)
    {
        Assert.Null(Carriers.TrackingUrl(carrier, UpsNumber));
    }

    [Theory]
    [InlineData("UP2D", UpsNumber)]
    [InlineData("FE2D", FedExNumber)]
    [InlineData("US1C", UspsNumber)]
    [InlineData("CO5", OnTracNumber)]
    [InlineData(null, UpsNumber)]
    public void Every_identified_carrier_has_a_tracking_url(string? shipVia, string trackingNumber)
    {
        Assert.NotNull(Carriers.TrackingUrl(Carriers.Identify(shipVia, trackingNumber), trackingNumber));
    }
}
