using DropShip.Core.Tracking;

namespace DropShip.Tests.Distributors;

/// <summary>The carrier codes distributors use for a shipment, mapped by the one Carriers class.</summary>
public sealed class CarrierCodeTests
{
    private const string Opaque = "XYZ-42";

    [Theory]
    // Parts Unlimited's shipped_via service codes (a public client matches ups_ground): the first word is the carrier.
    [InlineData("ups_ground", Carriers.Ups)]
    [InlineData("UPS_2ND_DAY_AIR", Carriers.Ups)]
    [InlineData("fedex_ground", Carriers.FedEx)]
    [InlineData("fedex_home_delivery", Carriers.FedEx)]
    [InlineData("usps_priority", Carriers.Usps)]
    [InlineData("usps_first_class", Carriers.Usps)]
    [InlineData("ontrac", Carriers.OnTrac)]
    [InlineData("ontrac_ground", Carriers.OnTrac)]
    [InlineData("UPS Ground", Carriers.Ups)]
    [InlineData("FDXG", Carriers.FedEx)]
    // WPS ship_via codes from its Carts and Orders pages.
    [InlineData("UP1D", Carriers.Ups)]
    [InlineData("FE1D", Carriers.FedEx)]
    [InlineData("US4C", Carriers.Usps)]
    [InlineData("CO5", Carriers.OnTrac)]
    // Words that merely start like a carrier code name no carrier.
    [InlineData("COURIER", Carriers.Unknown)]
    [InlineData("CONWAY_FREIGHT", Carriers.Unknown)]
    [InlineData("ONE_DAY", Carriers.Unknown)]
    [InlineData("BEST", Carriers.Unknown)]
    [InlineData("CPU", Carriers.Unknown)]
    public void Distributor_carrier_codes_name_the_carrier(string code, string expected) =>
        Assert.Equal(expected, Carriers.Identify(code, Opaque));

    [Fact]
    public void A_code_that_names_no_carrier_leaves_the_tracking_number_to_decide() =>
        Assert.Equal(Carriers.FedEx, Carriers.Identify("COURIER", "123456789012"));
}
