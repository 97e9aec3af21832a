namespace DropShip.Tests.Infrastructure;

/// <summary>Files of the repository the tests check against (samples, documents, infra).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] path) => Path.Combine([Root, .. path]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "DropShip.Functions", "host.json"))) return directory.FullName;
        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
