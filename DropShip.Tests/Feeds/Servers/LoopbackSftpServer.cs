using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace DropShip.Tests.Feeds.Servers;

/// <summary>
/// A real OpenSSH sshd with a temp config, host key and authorized key, serving SFTP (internal-sftp) to the current user
/// by public key. The test binds loopback port 0 and holds it; each connection it accepts is handed to its own
/// `sshd -i` (inetd mode, as OpenSSH's own tests run it), so no port is ever picked and released. Needs openssh-server and
/// root (sshd's privilege separation).
/// </summary>
public sealed class LoopbackSftpServer : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private readonly TcpListener listener;
    private readonly string config;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Process> sessions = [];
    private readonly StringBuilder errors = new();
    private Task accepting = Task.CompletedTask;

    public string Root { get; }
    public int Port { get; }
    public string User { get; } = Environment.UserName;
    public string ClientPrivateKey { get; }
    public string HostKeySha256 { get; }

    private LoopbackSftpServer(TcpListener listener, string config, string root, string clientKey, string hostKeySha256)
    {
        this.listener = listener;
        this.config = config;
        Root = root;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        ClientPrivateKey = clientKey;
        HostKeySha256 = hostKeySha256;
    }

    public static async Task<LoopbackSftpServer> StartAsync()
    {
        if (!File.Exists(Sshd))
            throw new InvalidOperationException("The SFTP test needs OpenSSH's sshd: install it with `apt-get install -y openssh-server` (.ci/run does).");
        var dir = Directory.CreateTempSubdirectory("dropship-sftp-").FullName;
        var root = Directory.CreateDirectory(Path.Combine(dir, "files")).FullName;
        await KeygenAsync(Path.Combine(dir, "host_key"));
        await KeygenAsync(Path.Combine(dir, "client_key"));
        File.Copy(Path.Combine(dir, "client_key.pub"), Path.Combine(dir, "authorized_keys"));
        Directory.CreateDirectory("/run/sshd"); // sshd refuses to start without its privilege-separation directory

        var config = Path.Combine(dir, "sshd_config");
        File.WriteAllText(config, $"""
            HostKey {dir}/host_key
            PidFile {dir}/sshd.pid
            AuthorizedKeysFile {dir}/authorized_keys
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            AllowUsers {Environment.UserName}
            Subsystem sftp internal-sftp
            """);
        var hostKeyBlob = Convert.FromBase64String(File.ReadAllText(Path.Combine(dir, "host_key.pub")).Split(' ')[1]);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = new LoopbackSftpServer(listener, config, root,
            File.ReadAllText(Path.Combine(dir, "client_key")),
            Convert.ToBase64String(SHA256.HashData(hostKeyBlob)).TrimEnd('='));
        server.accepting = server.AcceptAsync();
        return server;
    }

    /// <summary>Each accepted connection gets its own sshd in inetd mode, its stdin and stdout piped to the socket.</summary>
    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stopping.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            var sshd = Process.Start(new ProcessStartInfo(Sshd, ["-i", "-e", "-f", config])
            { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            lock (sessions) sessions.Add(sshd);
            sshd.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
            sshd.BeginErrorReadLine();
            var socket = client.GetStream();
            _ = Task.WhenAll(PumpAsync(socket, sshd.StandardInput.BaseStream), PumpAsync(sshd.StandardOutput.BaseStream, socket))
                .ContinueWith(_ => client.Dispose(), TaskScheduler.Default);
        }
    }

    /// <summary>Copies until either side closes, flushing every chunk (a process pipe is buffered).</summary>
    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, stopping.Token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
                await to.FlushAsync(stopping.Token);
            }
            to.Close();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException) { }
    }

    public string Errors() { lock (errors) return errors.ToString(); }

    public void Put(string name, string content) => File.WriteAllText(Path.Combine(Root, name), content);

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Stop();
        await accepting;
        Process[] running;
        lock (sessions) running = [.. sessions];
        foreach (var sshd in running)
        {
            try { if (!sshd.HasExited) sshd.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await sshd.WaitForExitAsync();
            sshd.Dispose();
        }
        stopping.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(Root)!, recursive: true); } catch (IOException) { }
    }

    private static async Task KeygenAsync(string path)
    {
        using var keygen = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path])
        { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        await keygen.WaitForExitAsync();
        if (keygen.ExitCode != 0) throw new InvalidOperationException("ssh-keygen failed: " + await keygen.StandardError.ReadToEndAsync());
    }
}
