using System.Net.Sockets;

namespace Sandbox.Tests.Workspace.Support;

/// <summary>Looks at the fixed control API address 127.0.0.1:7070 from the test's side.</summary>
public static class ApiProbe
{
    public const string BaseUrl = "http://127.0.0.1:7070";

    public static bool IsListening()
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", 7070);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static async Task<string> GetAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(BaseUrl + path);
    }
}
