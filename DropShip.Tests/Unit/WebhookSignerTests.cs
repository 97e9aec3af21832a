using System.Security.Cryptography;
using System.Text;
using DropShip.Core.Platform;

namespace DropShip.Tests.Unit;

public sealed class WebhookSignerTests
{
    private const string Secret = "whsec_test";
    private const long Timestamp = 1_700_000_000;
    private const string Body = "{\"id\":\"evt-1\",\"amount\":12.5}";
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Sign_is_hmac_sha256_of_timestamp_dot_body_in_lower_case_hex()
    {
        // Computed independently (Python hmac) so a receiver in any language can rely on it.
        Assert.Equal("sha256=683716e561c4662529d97dc5fb81503a9db10b3b344f7dd04a64f7bc872599b8", WebhookSigner.Sign(Secret, Timestamp, Body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("{\"name\":\"Café 😀\"}")]
    public void Sign_matches_the_documented_construction(string body)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{Timestamp}.{body}")));

        Assert.Equal(expected, WebhookSigner.Sign(Secret, Timestamp, body));
    }

    [Theory]
    [InlineData(Body)]
    [InlineData("")]
    [InlineData("{\"name\":\"Café 😀\"}")]
    public void Verify_accepts_what_Sign_produced(string body)
    {
        var signature = WebhookSigner.Sign(Secret, Timestamp, body);

        Assert.True(WebhookSigner.Verify(Secret, Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), body, signature, SentAt.AddSeconds(3), Tolerance));
    }

    public static TheoryData<string, string, string, string, string> Tampered => new()
    {
        // why, secret, timestamp header, body, signature header
        { "body changed", Secret, "1700000000", Body.Replace("12.5", "125", StringComparison.Ordinal), WebhookSigner.Sign(Secret, Timestamp, Body) },
        { "body with trailing space", Secret, "1700000000", Body + " ", WebhookSigner.Sign(Secret, Timestamp, Body) },
        { "other secret", "whsec_other", "1700000000", Body, WebhookSigner.Sign(Secret, Timestamp, Body) },
        { "secret case", "WHSEC_TEST", "1700000000", Body, WebhookSigner.Sign(Secret, Timestamp, Body) },
        { "timestamp header changed", Secret, "1700000001", Body, WebhookSigner.Sign(Secret, Timestamp, Body) },
        { "signature for another timestamp", Secret, "1700000000", Body, WebhookSigner.Sign(Secret, Timestamp + 1, Body) },
        { "signature without prefix", Secret, "1700000000", Body, WebhookSigner.Sign(Secret, Timestamp, Body)["sha256=".Length..] },
        { "signature truncated", Secret, "1700000000", Body, WebhookSigner.Sign(Secret, Timestamp, Body)[..^1] },
        { "signature one digit off", Secret, "1700000000", Body, WebhookSigner.Sign(Secret, Timestamp, Body)[..^1] + "0" },
        { "empty signature", Secret, "1700000000", Body, "" },
        { "timestamp not a number", Secret, "yesterday", Body, WebhookSigner.Sign(Secret, Timestamp, Body) },
        { "empty timestamp", Secret, "", Body, WebhookSigner.Sign(Secret, Timestamp, Body) },
    };

    [Theory]
    [MemberData(nameof(Tampered))]
    public void Verify_rejects_tampering(string why, string secret, string timestampHeader, string body, string signature)
    {
        Assert.False(WebhookSigner.Verify(secret, timestampHeader, body, signature, SentAt, Tolerance), why);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(299, true)]
    [InlineData(300, true)]    // exactly at the tolerance
    [InlineData(301, false)]
    [InlineData(-300, true)]   // a receiver whose clock is behind
    [InlineData(-301, false)]
    [InlineData(86_400, false)]
    public void Verify_accepts_timestamps_within_the_tolerance_only(int receivedSecondsLater, bool accepted)
    {
        var signature = WebhookSigner.Sign(Secret, Timestamp, Body);

        Assert.Equal(accepted, WebhookSigner.Verify(Secret, "1700000000", Body, signature, SentAt.AddSeconds(receivedSecondsLater), Tolerance));
    }

    [Theory]
    [InlineData("99999999999999")]       // year ~3,170,000: past DateTimeOffset.MaxValue
    [InlineData("-99999999999999")]
    [InlineData("9223372036854775807")]
    public void Verify_rejects_an_unrepresentable_timestamp_instead_of_throwing(string timestampHeader)
    {
        var seconds = long.Parse(timestampHeader, System.Globalization.CultureInfo.InvariantCulture);
        var signature = WebhookSigner.Sign(Secret, seconds, Body);

        Assert.False(WebhookSigner.Verify(Secret, timestampHeader, Body, signature, SentAt, Tolerance));
    }

    [Fact]
    public void Header_names_are_the_documented_ones()
    {
        Assert.Equal("X-DropShip-Signature", WebhookSigner.SignatureHeader);
        Assert.Equal("X-DropShip-Timestamp", WebhookSigner.TimestampHeader);
        Assert.Equal("X-DropShip-Event-Id", WebhookSigner.EventIdHeader);
        Assert.Equal("X-DropShip-Event-Type", WebhookSigner.EventTypeHeader);
    }
}
