using System.Net;
using System.Net.Sockets;

namespace Tests.Shared;

/// <summary>A loopback port free at the moment of asking, for a test server of its own.</summary>
public static class FreeLoopbackPort
{
    /// <summary>Never 7070 or 8787, the ports of the real VVTV services that other tests lock and take turns on.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return port is 7070 or 8787 ? Next() : port;
    }
}
