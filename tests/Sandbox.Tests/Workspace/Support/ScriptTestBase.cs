using Engine;
using Sandbox.Tests.Simulator.Support;
using Tests.Shared;
using Vvtv;

namespace Sandbox.Tests.Workspace.Support;

/// <summary>
/// Gives each test a fresh workspace copy with a control API port of its own (the machine-wide 7070 and its lock
/// for a test marked <see cref="DefaultApiPortAttribute"/>), and checks that no API outlives the test.
/// </summary>
public abstract class ScriptTestBase
{
    private LoopbackPortLock? _port;

    protected ScriptWorkspace Ws { get; private set; } = null!;

    [SetUp]
    public void SetUpWorkspace()
    {
        if (TestContext.CurrentContext.Test.Properties.ContainsKey(DefaultApiPortAttribute.Name))
        {
            _port = LoopbackPortLock.Acquire(7070);
            Ws = new ScriptWorkspace(null);
        }
        else
        {
            Ws = new ScriptWorkspace(FreeLoopbackPort.Next());
        }
    }

    [TearDown]
    public void TearDownWorkspace()
    {
        try
        {
            // Scripts stop and reap what they start, so the port must already be free here.
            Assert.That(LoopbackPorts.IsListening(Ws.ApiPort ?? 7070), Is.False,
                $"something still listens on {Ws.ApiUrl} after the test");
        }
        finally
        {
            Ws.Dispose();
            _port?.Dispose();
        }
    }

    protected static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');
}
