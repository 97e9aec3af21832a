namespace DropShip.Sandbox.Scripting;

/// <summary>Any credential that is missing or starts with "invalid" is rejected, so tests can exercise bad credentials without a script.</summary>
internal static class Credentials
{
    public static bool AreInvalid(params string?[] values) =>
        values.Any(value => string.IsNullOrWhiteSpace(value) || value.Trim().StartsWith("invalid", StringComparison.OrdinalIgnoreCase));

    /// <summary>The token of an "Authorization: Bearer ..." header, or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header[prefix.Length..].Trim() : null;
    }
}
