namespace DropShip.Core.Feeds.Parsing;

/// <summary>
/// One distributor's morning file(s): where they are by default and how to read them. Each distributor's lives in its
/// folder beside its adapter and is registered by its <see cref="Distributors.DistributorModule"/>.
/// </summary>
public interface IDistributorFeed
{
    string Distributor { get; }

    /// <summary>Defaults used where <c>Feeds:Sources:{distributor}</c> is silent.</summary>
    FeedSourceOptions Defaults { get; }

    /// <summary>The files one run downloads, given the effective source settings.</summary>
    IReadOnlyList<FeedFile> Files(FeedSourceOptions source);

    /// <summary>Streams the archived files into records. Called twice per run (diff, then write), so it must be deterministic.</summary>
    IEnumerable<FeedRecord> Parse(IFeedFiles files, FeedSourceOptions source, RejectedLines rejected);
}

/// <param name="Name">The file name in the archive and in the run history.</param>
/// <param name="RemotePath">Where the source finds it.</param>
public sealed record FeedFile(string Name, string RemotePath);

/// <summary>Opens a downloaded file by its <see cref="FeedFile.Name"/>. The archive implements it over Blob storage.</summary>
public interface IFeedFiles
{
    Stream Open(string name);
}
