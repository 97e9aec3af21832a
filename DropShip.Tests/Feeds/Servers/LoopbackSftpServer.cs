using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace DropShip.Tests.Feeds.Servers;

/// <summary>
/// A real OpenSSH sshd on a free loopback port with a temp config, host key and authorized key, serving SFTP
/// (internal-sftp) to the current user by public key. Needs openssh-server and root (sshd's privilege separation).
/// </summary>
public sealed class LoopbackSftpServer : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private readonly Process process;
    private readonly StringBuilder errors = new();

    public string Root { get; }
    public int Port { get; }
    public string User { get; } = Environment.UserName;
    public string ClientPrivateKey { get; }
    public string HostKeySha256 { get; }

    private LoopbackSftpServer(Process process, string root, int port, string clientKey, string hostKeySha256)
    {
        this.process = process;
        Root = root;
        Port = port;
        ClientPrivateKey = clientKey;
        HostKeySha256 = hostKeySha256;
        process.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
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

        var port = FreePort.Next();
        var config = Path.Combine(dir, "sshd_config");
        File.WriteAllText(config, $"""
            Port {port}
            ListenAddress 127.0.0.1
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
        var start = new ProcessStartInfo(Sshd, ["-D", "-e", "-f", config]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        var hostKeyBlob = Convert.FromBase64String(File.ReadAllText(Path.Combine(dir, "host_key.pub")).Split(' ')[1]);
        var server = new LoopbackSftpServer(Process.Start(start)!, root, port,
            File.ReadAllText(Path.Combine(dir, "client_key")),
            Convert.ToBase64String(SHA256.HashData(hostKeyBlob)).TrimEnd('='));
        await FreePort.WaitUntilListeningAsync(port, server.process, server.Errors, TimeSpan.FromSeconds(20));
        return server;
    }

    public string Errors() { lock (errors) return errors.ToString(); }

    public void Put(string name, string content) => File.WriteAllText(Path.Combine(Root, name), content);

    public async ValueTask DisposeAsync()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await process.WaitForExitAsync();
        process.Dispose();
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
