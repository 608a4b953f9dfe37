namespace Sandbox.Tests.Workspace.Support;

/// <summary>Looks at a workspace's control API address from the test's side.</summary>
public static class ApiProbe
{
    public static async Task<string> GetAsync(ScriptWorkspace ws, string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(ws.ApiUrl + path);
    }
}
