using CliWrap;
using Engine;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace EngineTests;

/// <summary>
/// The loopback port lock: its file names (running builds and bench/release-overhead.sh's flock use them), exclusion
/// against another process's flock, and the wait it logs. A port no server here uses, so no run waits on the tests.
/// </summary>
[NonParallelizable]
public sealed class LoopbackPortLockTests
{
    private const int Port = 59_871;

    [Test]
    public void In_the_machines_first_network_namespace_the_file_has_the_plain_name()
    {
        var own = LoopbackPortLock.NetworkNamespaceOf("self");
        Assume.That(own, Is.Not.Null.And.EqualTo(LoopbackPortLock.NetworkNamespaceOf("2")), "not the first namespace");
        Assert.That(LoopbackPortLock.FileOf(7070),
            Is.EqualTo(Path.Combine(Path.GetTempPath(), "loopback-port-7070.lock")));
    }

    [Test]
    public void In_any_other_network_namespace_the_file_adds_the_namespaces_id()
    {
        const string other = "net:[17]";
        Assume.That(LoopbackPortLock.NetworkNamespaceOf("2"), Is.Not.EqualTo(other));
        Assert.That(LoopbackPortLock.FileOf(7070, other),
            Is.EqualTo(Path.Combine(Path.GetTempPath(), "loopback-port-7070-net17.lock")));
    }

    [Test]
    public async Task Another_process_flocking_the_file_is_kept_out_while_the_lock_is_held()
    {
        var file = LoopbackPortLock.FileOf(Port);
        using (LoopbackPortLock.Acquire(Port))
            Assert.That(await FlockNow(file), Is.EqualTo(1), "flock -n got the file while the lock was held");
        Assert.That(await FlockNow(file), Is.EqualTo(0), "flock -n did not get the file once the lock was released");
    }

    [Test]
    public async Task A_second_taker_waits_logging_the_wait_and_gets_the_port_once_it_is_released()
    {
        var events = new Events();
        var previous = Log.Logger;
        Log.Logger = new LoggerConfiguration().WriteTo.Sink(events).CreateLogger();
        try
        {
            var first = LoopbackPortLock.Acquire(Port, "test");
            var second = Task.Run(() => LoopbackPortLock.Acquire(Port, "test"));
            // Bounded only so that a broken lock fails instead of hanging the run.
            for (var i = 0; i < 1200 && !events.Said("waiting for it to finish"); i++) await Task.Delay(50);
            Assert.That(events.Said("waiting for it to finish"), Is.True, "the wait was not logged");
            Assert.That(second.IsCompleted, Is.False, "the second taker got the port while the first held it");
            first.Dispose();
            using (await second)
                Assert.That(events.Said("The test port 59871 is free after"), Is.True, string.Join('\n', events.Lines));
        }
        finally
        {
            Log.Logger = previous;
        }
    }

    [Test]
    public void A_cancelled_wait_ends_with_the_cancellation()
    {
        using var cts = new CancellationTokenSource();
        using (LoopbackPortLock.Acquire(Port))
        {
            cts.Cancel();
            Assert.Throws<OperationCanceledException>(() => LoopbackPortLock.Acquire(Port, ct: cts.Token));
        }
    }

    private static async Task<int> FlockNow(string file) =>
        (await Cli.Wrap("flock").WithArguments(["-n", file, "true"])
            .WithValidation(CommandResultValidation.None).ExecuteAsync()).ExitCode;

    private sealed class Events : ILogEventSink
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines { get { lock (_lines) return [.. _lines]; } }

        public void Emit(LogEvent logEvent) { lock (_lines) _lines.Add(logEvent.RenderMessage()); }

        public bool Said(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));
    }
}
