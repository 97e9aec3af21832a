using System.Diagnostics;
using System.Text;

namespace DropShip.Tests.Feeds.Servers;

/// <summary>
/// A real FTP server (pyftpdlib) on a free loopback port serving a temp directory, with one user. Started per test,
/// killed on dispose. Without pyftpdlib the test fails, never skips, and says how to install it.
/// </summary>
public sealed class LoopbackFtpServer : IAsyncDisposable
{
    public const string User = "dealer";
    public const string Password = "s3cret-ftp-pw";

    private const string Script = """
        import sys
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import FTPHandler
        from pyftpdlib.servers import FTPServer
        root, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
        authorizer = DummyAuthorizer()
        authorizer.add_user(user, password, root, perm="elr")
        FTPHandler.authorizer = authorizer
        server = FTPServer(("127.0.0.1", 0), FTPHandler)
        print(server.socket.getsockname()[1], flush=True)
        server.serve_forever()
        """;

    private static readonly Lazy<string> Python = new(FindPythonWithPyftpdlib);
    private readonly Process process;
    private readonly StringBuilder errors = new();

    public string Root { get; }
    public int Port { get; }

    private LoopbackFtpServer(Process process, string root, int port)
    {
        this.process = process;
        Root = root;
        Port = port;
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
    }

    /// <summary>The server binds port 0 itself and prints the port it holds once it listens: no port is picked and released for it.</summary>
    public static async Task<LoopbackFtpServer> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("dropship-ftp-").FullName;
        var start = new ProcessStartInfo(Python.Value)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-c", Script, root, User, Password }) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The FTP server did not report its port within 20 s: " + await process.StandardError.ReadToEndAsync());
        }
        if (!int.TryParse(line, out var port))
            throw new InvalidOperationException($"The FTP server exited with code {(process.HasExited ? process.ExitCode : -1)} before listening: {await process.StandardError.ReadToEndAsync()}");
        return new LoopbackFtpServer(process, root, port);
    }

    public string Errors() { lock (errors) return errors.ToString(); }

    public void Put(string path, string content, Encoding? encoding = null) => Put(path, (encoding ?? Encoding.UTF8).GetBytes(content));

    public void Put(string path, byte[] content)
    {
        var full = Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
    }

    public async ValueTask DisposeAsync()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await process.WaitForExitAsync();
        process.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    private static string FindPythonWithPyftpdlib()
    {
        // Debian's package installs into the system interpreter; a pyenv or venv python3 earlier on PATH lacks it.
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var probe = Process.Start(new ProcessStartInfo(candidate, ["-c", "import pyftpdlib"])
                { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
                probe.WaitForExit(10_000);
                if (probe.HasExited && probe.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { /* not installed */ }
        }
        throw new InvalidOperationException(
            "The feed tests need a real FTP server: python3 with pyftpdlib was not found. Install it with `apt-get install -y python3-pyftpdlib` (.ci/run does).");
    }
}
