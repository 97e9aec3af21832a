using System.Security.Cryptography;
using System.Text;

namespace DropShip.Core.Platform;

/// <summary>
/// Webhook signatures: HMAC-SHA256 with the shared secret over "{timestamp}.{body}", hex, sent as
/// X-DropShip-Signature: sha256=&lt;hex&gt; with X-DropShip-Timestamp: &lt;unix seconds&gt;. The platform recomputes it and
/// refuses old timestamps (replay). Documented in README "Platform webhooks".
/// </summary>
public static class WebhookSigner
{
    public const string EventIdHeader = "X-DropShip-Event-Id";
    public const string EventTypeHeader = "X-DropShip-Event-Type";
    public const string TimestampHeader = "X-DropShip-Timestamp";
    public const string SignatureHeader = "X-DropShip-Signature";

    public static string Sign(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>What a receiver does: constant-time compare, and a timestamp within <paramref name="tolerance"/>.</summary>
    public static bool Verify(string secret, string timestampHeader, string body, string signatureHeader, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, out var seconds)) return false;
        if (seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds() || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader));
    }
}
