using System.Net;

namespace DropShip.Core.Feeds.Sources;

/// <summary>
/// FTP and explicit FTPS (AUTH TLS), passive mode, binary. Uses the framework's FtpWebRequest: FluentFTP is not on the
/// package mirror, and a download of one file needs nothing FtpWebRequest lacks.
/// </summary>
public sealed class FtpFeedFileSource : IFeedFileSource
{
    public bool Handles(FeedProtocol protocol) => protocol is FeedProtocol.Ftp or FeedProtocol.Ftps;

    public async Task<Stream> OpenReadAsync(FeedSourceOptions source, string remotePath, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder("ftp", source.Host, source.Port ?? 21, remotePath.TrimStart('/')).Uri;
        // SYSLIB0014: FtpWebRequest is obsolete only in favour of third-party clients, none of which this build can
        // restore; it is still shipped and supported in .NET 10, and this is its one use.
#pragma warning disable SYSLIB0014
        var request = (FtpWebRequest)WebRequest.Create(uri);
#pragma warning restore SYSLIB0014
        request.Method = WebRequestMethods.Ftp.DownloadFile;
        request.UseBinary = true;
        request.UsePassive = true;
        request.KeepAlive = false;
        request.EnableSsl = source.Protocol == FeedProtocol.Ftps;
        request.Timeout = request.ReadWriteTimeout = (int)TimeSpan.FromSeconds(source.TimeoutSeconds).TotalMilliseconds;
        request.Credentials = string.IsNullOrEmpty(source.Username)
            ? new NetworkCredential("anonymous", "anonymous@")
            : new NetworkCredential(source.Username, source.Password);

        await using var abort = cancellationToken.Register(request.Abort);
        try
        {
            var response = (FtpWebResponse)await request.GetResponseAsync();
            return new OwningStream(response.GetResponseStream(), response);
        }
        catch (WebException e)
        {
            // WebException's message never includes the credentials; redact anyway in case a server echoes them.
            var detail = e.Response is FtpWebResponse r ? $"{(int)r.StatusCode} {r.StatusDescription?.Trim()}" : e.Status.ToString();
            throw new FeedSourceException(source.Redact($"FTP download of {source.Describe(remotePath)} failed: {detail}"), e);
        }
    }
}
