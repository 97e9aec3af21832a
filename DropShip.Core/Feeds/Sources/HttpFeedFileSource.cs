using System.Net.Http.Headers;
using System.Text;

namespace DropShip.Core.Feeds.Sources;

/// <summary>
/// HTTP(S) downloads (Parts Unlimited's price file): POST the configured body, or GET when there is none, with Basic
/// auth from Username/Password. The response is streamed, never buffered. The URL carries no credentials.
/// </summary>
public sealed class HttpFeedFileSource(IHttpClientFactory httpClients) : IFeedFileSource
{
    public const string HttpClientName = "feeds";

    public bool Handles(FeedProtocol protocol) => protocol is FeedProtocol.Http or FeedProtocol.Https;

    public async Task<Stream> OpenReadAsync(FeedSourceOptions source, string remotePath, CancellationToken cancellationToken)
    {
        var scheme = source.Protocol == FeedProtocol.Http ? "http" : "https";
        var uri = new UriBuilder(scheme, source.Host, source.Port ?? -1, remotePath.TrimStart('/')).Uri;
        using var request = new HttpRequestMessage(source.RequestBody is null ? HttpMethod.Get : HttpMethod.Post, uri);
        if (source.RequestBody is not null) request.Content = new StringContent(source.RequestBody, Encoding.UTF8, "application/json");
        if (!string.IsNullOrEmpty(source.Username))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{source.Username}:{source.Password}")));

        var client = httpClients.CreateClient(HttpClientName);
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(source.TimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new FeedSourceException(source.Redact($"HTTP download of {source.Describe(remotePath)} failed: {e.HttpRequestError}"), e);
        }
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new FeedSourceException($"HTTP download of {source.Describe(remotePath)} failed: {status} {response.ReasonPhrase}");
        }
        return new OwningStream(await response.Content.ReadAsStreamAsync(cancellationToken), response);
    }
}
