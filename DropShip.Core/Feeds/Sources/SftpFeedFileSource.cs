using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace DropShip.Core.Feeds.Sources;

/// <summary>SFTP with SSH.NET, by password and/or private key. The host key is checked when a fingerprint is configured.</summary>
public sealed class SftpFeedFileSource(ILogger<SftpFeedFileSource> logger) : IFeedFileSource
{
    public bool Handles(FeedProtocol protocol) => protocol == FeedProtocol.Sftp;

    public async Task<Stream> OpenReadAsync(FeedSourceOptions source, string remotePath, CancellationToken cancellationToken)
    {
        var host = source.Host ?? throw new FeedSourceException("The SFTP source has no Host configured.");
        var username = source.Username is { Length: > 0 } u ? u : throw new FeedSourceException($"SFTP source {source.Describe(remotePath)} has no Username configured.");
        var methods = new List<AuthenticationMethod>();
        if (!string.IsNullOrEmpty(source.PrivateKey))
        {
            using var keyText = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(source.PrivateKey));
            methods.Add(new PrivateKeyAuthenticationMethod(username, new PrivateKeyFile(keyText)));
        }
        if (!string.IsNullOrEmpty(source.Password)) methods.Add(new PasswordAuthenticationMethod(username, source.Password));
        if (methods.Count == 0) throw new FeedSourceException($"SFTP source {source.Describe(remotePath)} has neither a password nor a private key.");

        var connection = new ConnectionInfo(host, source.Port ?? 22, username, methods.ToArray())
        {
            Timeout = TimeSpan.FromSeconds(Math.Min(source.TimeoutSeconds, 60)),
        };
        var client = new SftpClient(connection);
        client.HostKeyReceived += (_, e) =>
        {
            if (string.IsNullOrEmpty(source.HostKeySha256))
            {
                logger.LogWarning("SFTP host key of {Host} accepted without verification: set Feeds:Sources:*:HostKeySha256 to pin it.", source.Host);
                e.CanTrust = true;
                return;
            }
            var actual = Convert.ToBase64String(SHA256.HashData(e.HostKey)).TrimEnd('=');
            e.CanTrust = string.Equals(actual, source.HostKeySha256.Replace("SHA256:", "", StringComparison.Ordinal).TrimEnd('='), StringComparison.Ordinal);
        };
        try
        {
            await client.ConnectAsync(cancellationToken);
            var stream = await client.OpenAsync(remotePath, FileMode.Open, FileAccess.Read, cancellationToken);
            return new OwningStream(stream, client);
        }
        catch (Exception e) when (e is SshException or System.Net.Sockets.SocketException or IOException or SftpPathNotFoundException)
        {
            client.Dispose();
            throw new FeedSourceException(source.Redact($"SFTP download of {source.Describe(remotePath)} failed: {e.Message}"), e);
        }
    }
}
