using Engine;
using Tests.Shared;

namespace Sandbox.Tests.Workspace.Support;

/// <summary>Gives each test a fresh workspace copy and the 7070 lock, and checks that no API outlives the
/// test.</summary>
public abstract class ScriptTestBase
{
    private LoopbackPortLock? _port;

    protected ScriptWorkspace Ws { get; private set; } = null!;

    [SetUp]
    public void SetUpWorkspace()
    {
        _port = LoopbackPortLock.Acquire(7070);
        Ws = new ScriptWorkspace();
    }

    [TearDown]
    public void TearDownWorkspace()
    {
        try
        {
            // Scripts stop and reap what they start, so the port must already be free here.
            Assert.That(ApiProbe.IsListening(), Is.False, "something still listens on 127.0.0.1:7070 after the test");
        }
        finally
        {
            Ws.Dispose();
            _port?.Dispose();
        }
    }

    protected static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');
}
