using System.Net;
using System.Net.Sockets;

namespace DropShip.Tests.Feeds.Servers;

internal static class FreePort
{
    /// <summary>A port nothing listens on right now (the OS picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until the port accepts a connection: the server is ready. Fails fast if the process died.</summary>
    public static async Task WaitUntilListeningAsync(int port, System.Diagnostics.Process process, Func<string> diagnostics, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with code {process.ExitCode} before listening: {diagnostics()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                // Not listening yet. Polling a port needs a pause between attempts; this is not synchronisation on test state.
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The server did not listen on port {port} within {timeout}: {diagnostics()}");
            }
        }
    }
}
