using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DropShip.Core.Feeds.Parsing;
using Microsoft.Extensions.Options;

namespace DropShip.Core.Feeds.Archive;

/// <summary>
/// The raw files, kept as downloaded in Blob storage: container <c>feeds</c>, blob
/// <c>{distributor}/{yyyy}/{MM}/{dd}/{filename}</c> (so the full path reads feeds/{distributor}/...). The SHA-256 of
/// the content is in the blob's metadata, with whether a run applied it, so a second run the same day with the same
/// content is recognised and skipped.
/// </summary>
public sealed class FeedArchive(BlobServiceClient blobs, IOptions<FeedsOptions> options)
{
    public const string HashMetadata = "sha256";
    public const string IngestedMetadata = "ingested";
    private const int TransferChunk = 4 * 1024 * 1024;

    private readonly BlobContainerClient container = blobs.GetBlobContainerClient(options.Value.Container);
    private bool containerReady;

    public static string BlobName(string distributor, DateOnly day, string fileName) =>
        $"{distributor}/{day:yyyy}/{day:MM}/{day:dd}/{fileName}";

    /// <summary>Streams <paramref name="content"/> into the archive while hashing it; never holds the file in memory.</summary>
    public async Task<ArchivedFile> StoreAsync(string distributor, DateOnly day, string fileName, Stream content, CancellationToken cancellationToken)
    {
        if (!containerReady)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            containerReady = true;
        }
        var blob = container.GetBlobClient(BlobName(distributor, day, fileName));
        string? previousHash = null;
        var previouslyIngested = false;
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            properties.Value.Metadata.TryGetValue(HashMetadata, out previousHash);
            previouslyIngested = properties.Value.Metadata.TryGetValue(IngestedMetadata, out var flag) && flag == "true";
        }
        catch (RequestFailedException e) when (e.Status == 404) { }

        using var hashing = new HashingReadStream(content);
        await blob.UploadAsync(hashing, new BlobUploadOptions
        {
            TransferOptions = new() { InitialTransferSize = TransferChunk, MaximumTransferSize = TransferChunk, MaximumConcurrency = 2 },
        }, cancellationToken);
        var hash = hashing.HashHex();
        var alreadyIngested = previouslyIngested && previousHash == hash;
        await blob.SetMetadataAsync(new Dictionary<string, string>
        {
            [HashMetadata] = hash,
            [IngestedMetadata] = alreadyIngested ? "true" : "false",
        }, cancellationToken: cancellationToken);
        return new ArchivedFile(fileName, blob.Name, hash, hashing.BytesRead, alreadyIngested);
    }

    /// <summary>Records that a run applied this content, so the same content the same day is "Unchanged".</summary>
    public async Task MarkIngestedAsync(ArchivedFile file, CancellationToken cancellationToken) =>
        await container.GetBlobClient(file.BlobName).SetMetadataAsync(new Dictionary<string, string>
        {
            [HashMetadata] = file.Sha256,
            [IngestedMetadata] = "true",
        }, cancellationToken: cancellationToken);

    /// <summary>The archived files of one run, read back (seekable, buffered range reads) for parsing.</summary>
    public IFeedFiles Open(IReadOnlyList<ArchivedFile> files) => new ArchivedFeedFiles(container, files);

    private sealed class ArchivedFeedFiles(BlobContainerClient container, IReadOnlyList<ArchivedFile> files) : IFeedFiles
    {
        public Stream Open(string name)
        {
            var file = files.FirstOrDefault(f => f.Name == name) ?? throw new FeedFormatException($"The run downloaded no file named {name}.");
            return container.GetBlobClient(file.BlobName).OpenRead(new BlobOpenReadOptions(allowModifications: false) { BufferSize = TransferChunk });
        }
    }
}

/// <param name="AlreadyIngested">The same content was already applied today.</param>
public sealed record ArchivedFile(string Name, string BlobName, string Sha256, long Length, bool AlreadyIngested);

/// <summary>Passes a stream through, hashing every byte read (SHA-256) and counting them.</summary>
internal sealed class HashingReadStream(Stream inner) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public string HashHex() => Convert.ToHexStringLower(hash.GetHashAndReset());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Count(buffer[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        Count(buffer.Span[..n]);
        return n;
    }

    private void Count(ReadOnlySpan<byte> bytes)
    {
        hash.AppendData(bytes);
        BytesRead += bytes.Length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) hash.Dispose();
        base.Dispose(disposing);
    }
}
