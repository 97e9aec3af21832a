using System.Net;
using System.Net.Sockets;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// A loopback port nothing listens on, held for as long as the test needs it: bound (so no other test or process can take
/// it meanwhile) but never listening, so a connection to it is refused at once. Dispose at the end of the test.
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort()
    {
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => socket.Dispose();
}
