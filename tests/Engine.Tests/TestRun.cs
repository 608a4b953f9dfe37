using Engine;

namespace EngineTests;

/// <summary>Runs a demo build in-process in a fresh temp root and captures console output.</summary>
internal sealed class TestRun : IDisposable
{
    public AbsolutePath Root { get; }
    public Dictionary<string, string> Env { get; } = [];

    public TestRun()
    {
        Root = AbsolutePath.Create(Path.Combine(Path.GetTempPath(), "engine-tests", Guid.NewGuid().ToString("N")));
        (Root / ".nuke").CreateDirectory();
    }

    public (int Exit, string Output) Run<T>(params string[] args) where T : NukeBuild, new() => Run<T>(default, args);

    public (int Exit, string Output) Run<T>(CancellationToken ct, params string[] args) where T : NukeBuild, new()
    {
        Executed.Clear();
        var console = new StringWriter();
        var exit = BuildRunner.Run<T>(args, Env, Root, console, ct, "Default");
        return (exit, console.ToString());
    }

    /// <summary>Names of targets whose actions ran, in order.</summary>
    public static List<string> Executed { get; } = [];

    public void Dispose() { try { Root.DeleteDirectory(); } catch (IOException) { } }
}
