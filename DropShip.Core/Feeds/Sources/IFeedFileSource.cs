namespace DropShip.Core.Feeds.Sources;

/// <summary>Opens one remote file for reading as a stream. The caller disposes it, which closes the connection.</summary>
public interface IFeedFileSource
{
    bool Handles(FeedProtocol protocol);

    Task<Stream> OpenReadAsync(FeedSourceOptions source, string remotePath, CancellationToken cancellationToken);
}

/// <summary>The source could not deliver the file. The message names the host and path, never the credentials.</summary>
public sealed class FeedSourceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Picks the source for a protocol.</summary>
public sealed class FeedFileSources(IEnumerable<IFeedFileSource> sources)
{
    private readonly IFeedFileSource[] all = sources.ToArray();

    public Task<Stream> OpenReadAsync(FeedSourceOptions source, string remotePath, CancellationToken cancellationToken)
    {
        var protocol = source.Protocol ?? FeedProtocol.Ftp;
        var handler = all.FirstOrDefault(s => s.Handles(protocol))
            ?? throw new FeedSourceException($"No feed source handles {protocol}.");
        if (string.IsNullOrWhiteSpace(source.Host)) throw new FeedSourceException("The feed source has no Host configured.");
        return handler.OpenReadAsync(source, remotePath, cancellationToken);
    }
}

/// <summary>A response stream that also disposes what owns it (the FTP response, the HTTP response, the SFTP client).</summary>
internal sealed class OwningStream(Stream inner, params IDisposable[] owners) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    // FtpWebRequest's data stream closes itself at the end of the file and throws ObjectDisposedException if read
    // again; readers such as the blob uploader may read once more after a 0. The end is remembered here.
    private bool ended;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (ended || buffer.IsEmpty) return 0;
        var n = inner.Read(buffer);
        ended = n == 0;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (ended || buffer.IsEmpty) return 0;
        var n = await inner.ReadAsync(buffer, cancellationToken);
        ended = n == 0;
        return n;
    }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            foreach (var owner in owners) owner.Dispose();
        }
        base.Dispose(disposing);
    }
}
