namespace DropShip.Sandbox.Recording;

/// <summary>One request as the sandbox received it, before any scripted delay.</summary>
/// <param name="Distributor">The key of the emulator whose prefix the path is under (e.g. "tucker-rocky"), or "unknown".</param>
/// <param name="Environment">"production" or "test".</param>
/// <param name="Query">The query string without the leading '?', empty if none.</param>
/// <param name="Headers">Header names compare case-insensitively; repeated headers are joined with ", ".</param>
public sealed record RecordedRequest(
    string Distributor,
    string Environment,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt);
