using System.Net;
using System.Net.Sockets;

namespace Vvtv;

/// <summary>
/// Loopback ports for local servers: other engineers' runs share this machine, so nothing uses a fixed port.
/// </summary>
public static class LoopbackPorts
{
    /// <summary>A port the kernel just handed out on 127.0.0.1; free unless something grabs it in between.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
