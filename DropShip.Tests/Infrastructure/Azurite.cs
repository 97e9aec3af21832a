using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// One Azurite per test run, started on free ports with in-memory persistence and stopped when the run ends.
/// Tests isolate themselves with their own store ids or table names. Set DROPSHIP_TEST_STORAGE to a connection
/// string to use an Azurite you started yourself. Without Azurite a storage test fails (never skips) and says how to get it.
/// </summary>
public static partial class Azurite
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly Lazy<Task<string>> Started = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static Process? process;

    public static Task<string> ConnectionStringAsync() => Started.Value;

    public static async Task<TableServiceClient> TablesAsync() => new(await ConnectionStringAsync());

    public static async Task<BlobServiceClient> BlobsAsync() => new(await ConnectionStringAsync());

    /// <summary>A unique, table-name-safe suffix so concurrent tests never share a table or container.</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    private static async Task<string> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("DROPSHIP_TEST_STORAGE");
        if (!string.IsNullOrWhiteSpace(external)) return external;

        var executable = FindAzurite() ?? await InstallAsync() ?? throw new InvalidOperationException(
            "Azurite is required by the storage tests and the benchmarks and was not found, and `npm ci` at the repository root " +
            "(it installs the pinned azurite) did not bring it. Run it yourself, or start Azurite and set DROPSHIP_TEST_STORAGE to its connection string.");

        string[] arguments = ["--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0"];
        // The runner may end the test host without its exit handlers (it kills a host that does not stop in time), which
        // left Azurites running. So Azurite runs under a shell that ends it once the test host's end of the shell's stdin
        // closes, which happens however the test host ends.
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo(executable, arguments)
            : new ProcessStartInfo("/bin/sh", ["-c", "\"$0\" \"$@\" & child=$!; read -r _; kill $child 2>/dev/null", executable, .. arguments]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

        var ports = new Dictionary<string, int>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (ports.Count < 3)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("Azurite exited before listening: " + await process.StandardError.ReadToEndAsync());
            var match = ListeningLine().Match(line);
            if (match.Success) ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value);
        }
        // Keep draining output so Azurite never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();

        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
               $"BlobEndpoint=http://127.0.0.1:{ports["Blob"]}/devstoreaccount1;" +
               $"QueueEndpoint=http://127.0.0.1:{ports["Queue"]}/devstoreaccount1;" +
               $"TableEndpoint=http://127.0.0.1:{ports["Table"]}/devstoreaccount1;";
    }

    private static string? FindAzurite()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// A fresh clone has no node_modules: install the pinned Azurite the way ./test.sh does (npm ci, optional packages
    /// left out), so `dotnet test` and the benchmarks work without a step of their own first.
    /// </summary>
    private static async Task<string?> InstallAsync()
    {
        var root = RepositoryRoot();
        if (root is null) return null;
        var install = new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error --omit=optional")
        {
            WorkingDirectory = root,
            UseShellExecute = false,
        };
        try
        {
            using var npm = Process.Start(install);
            if (npm is null) return null;
            await npm.WaitForExitAsync();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no npm on this machine: the caller says what to do
        }
        return FindAzurite();
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "package-lock.json"))) return dir.FullName;
        return null;
    }

    private static void Stop()
    {
        try { if (process is { HasExited: false }) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* already gone */ }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
