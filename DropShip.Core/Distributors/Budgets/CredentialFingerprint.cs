using System.Security.Cryptography;
using System.Text;

namespace DropShip.Core.Distributors.Budgets;

/// <summary>
/// Names a credential without holding it: "sha256:" and the first 128 bits of the SHA-256 of what identifies it. Budgets,
/// the rate limiter's partitions and the budget table's rows are keyed by this, never by the credential.
/// </summary>
public static class CredentialFingerprint
{
    /// <summary>A connection's credential: its distributor, environment and every secret field.</summary>
    public static string Of(DistributorAccount account)
    {
        var text = new StringBuilder(account.Distributor.ToLowerInvariant()).Append('|').Append(account.TestMode ? "test" : "production");
        foreach (var (name, secret) in account.Secrets.OrderBy(s => s.Key, StringComparer.Ordinal))
            text.Append('|').Append(name).Append('=').Append(secret.Reveal());
        return Of(text.ToString());
    }

    public static string Of(string credential) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)))[..32];
}
