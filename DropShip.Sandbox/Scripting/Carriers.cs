using System.Security.Cryptography;
using System.Text;

namespace DropShip.Sandbox.Scripting;

/// <summary>The four carriers a script can name, and tracking numbers in each one's real format.</summary>
internal static class Carriers
{
    public const string Ups = "UPS";
    public const string FedEx = "FedEx";
    public const string Usps = "USPS";
    public const string OnTrac = "OnTrac";

    public static string? Canonical(string? carrier) => carrier?.Trim().ToUpperInvariant() switch
    {
        "UPS" => Ups,
        "FEDEX" => FedEx,
        "USPS" => Usps,
        "ONTRAC" => OnTrac,
        _ => null,
    };

    /// <summary>
    /// Deterministic from PO and package index, so a test can predict it and a rerun sees the same number:
    /// UPS 1Z + 16 alphanumerics, FedEx 12 digits, USPS 22 digits, OnTrac C + 14 digits.
    /// </summary>
    public static string TrackingNumber(string carrier, string purchaseOrder, int packageIndex)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes($"{purchaseOrder}#{packageIndex}"));
        return (Canonical(carrier) ?? Ups) switch
        {
            FedEx => Digits(seed, 0, 12),
            Usps => "9400" + Digits(seed, 0, 18),
            OnTrac => "C" + Digits(seed, 0, 14),
            // 1Z, a 6-character shipper number, a 2-digit service code (03 = Ground), an 8-digit package number.
            _ => "1Z" + Alphanumerics(seed, 0, 6) + "03" + Digits(seed, 6, 8),
        };
    }

    private static string Digits(byte[] seed, int start, int count) =>
        string.Concat(Enumerable.Range(start, count).Select(i => (char)('0' + seed[i % seed.Length] % 10)));

    private static string Alphanumerics(byte[] seed, int start, int count)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        return string.Concat(Enumerable.Range(start, count).Select(i => alphabet[seed[i % seed.Length] % alphabet.Length]));
    }
}
