using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Engine;

namespace Tests.Shared;

/// <summary>
/// A network namespace of a test's own: a loopback and so a port 7070 of its own, where a build runs side by side with
/// the builds of other tests instead of taking turns on the machine-wide port lock (the lock is per namespace). A
/// holder process keeps it open; it ends on Dispose, or by itself when the test host holding its stdin ends. Nothing
/// inside reaches the outside (no registry, no server of the test's): what a build downloads is installed before
/// the tests start, and a test server the build must reach is started inside (<see cref="Inside"/>, root only) or the
/// build runs outside, taking turns.
/// </summary>
public sealed class OwnNetwork : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private static readonly Lazy<string[]?> UnshareFlags = new(Detect);
    private readonly Process _holder;

    private OwnNetwork(Process holder)
    {
        _holder = holder;
        Id = LoopbackPortLock.NetworkNamespaceOf(holder.Id.ToString())
             ?? throw new InvalidOperationException($"no network namespace for {holder.Id}");
    }

    /// <summary>
    /// False where the machine gives a test no namespace of its own (neither root nor unprivileged user namespaces,
    /// or VVTV_TEST_OWN_NETWORK=0): builds then take turns on port 7070 as before.
    /// </summary>
    public static bool Available => UnshareFlags.Value is not null;

    /// <summary>The namespace's id as /proc names it ("net:[4026532176]").</summary>
    public string Id { get; }

    /// <summary>Where /proc lists this namespace's sockets (tcp, tcp6), for a look at who listens on a port.</summary>
    public string ProcNet => $"/proc/{_holder.Id}/net";

    /// <summary>A namespace with its loopback up, or null where the machine allows none.</summary>
    public static OwnNetwork? TryCreate()
    {
        if (UnshareFlags.Value is not { } flags) return null;
        return new OwnNetwork(StartHolder(flags, "ip link set lo up")
            ?? throw new InvalidOperationException($"unshare {string.Join(' ', flags)} worked once, then failed"));
    }

    /// <summary>
    /// The command line that runs <paramref name="program"/> in this namespace: nsenter execs it, so it keeps
    /// nsenter's process id (a signal to it reaches the program) and its process tree is the program's.
    /// </summary>
    public string[] Enter(string program, IEnumerable<string> arguments) =>
        EnterLine(_holder.Id, UnshareFlags.Value ?? [], program, arguments);

    /// <summary>
    /// True where a test's own loopback servers can be started inside (<see cref="Inside"/>): setns needs root.
    /// </summary>
    public static bool CanHostServers => Available && Environment.IsPrivilegedProcess;

    /// <summary>
    /// Runs <paramref name="open"/> on a thread of its own that has entered this namespace, so the sockets it binds
    /// (a test's HTTP listeners) live in here, reachable by the builds inside; the thread ends with it. Root only.
    /// </summary>
    public void Inside(Action open)
    {
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/proc/{_holder.Id}/ns/net");
                if (SetNs(handle.DangerousGetHandle().ToInt32(), CloneNewNet) != 0)
                    throw new IOException($"setns into {Id} failed (errno {Marshal.GetLastPInvokeError()})");
                open();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
    }

    public void Dispose()
    {
        try
        {
            Stop(_holder);
            // Nothing runs in the namespace any more, so nothing takes its port lock; a later one may reuse the id.
            File.Delete(LoopbackPortLock.FileOf(7070, Id));
        }
        finally
        {
            _holder.Dispose();
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);

    // Entering a namespace that belongs to a user namespace of unshare -r's means entering that one too.
    private static string[] EnterLine(int holder, string[] flags, string program, IEnumerable<string> arguments) =>
        ["nsenter", "--target", holder.ToString(), .. flags is ["-r", ..] ? UserNamespace : [],
            "--net", "--", program, .. arguments];

    private static readonly string[] UserNamespace = ["--user", "--preserve-credentials"];

    // The holder: unshare's shell runs the set-up, says "up", then becomes a cat that ends when the test host closes
    // its stdin (so a crashed host leaves no holder behind). Null when the set-up failed.
    private static Process? StartHolder(string[] flags, string setUp)
    {
        var start = new ProcessStartInfo("unshare") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])[.. flags, "--", "sh", "-c", $"{setUp} && echo up && exec cat >/dev/null"])
            start.ArgumentList.Add(arg);
        var holder = Process.Start(start)!;
        if (holder.StandardOutput.ReadLine() == "up") return holder;
        Stop(holder);
        holder.Dispose();
        return null;
    }

    private static void Stop(Process holder)
    {
        try { holder.StandardInput.Close(); }
        catch (IOException) { /* it has ended already */ }
        if (!holder.WaitForExit(TimeSpan.FromSeconds(5))) holder.Kill();
        holder.WaitForExit();
    }

    // Root may make a namespace directly; another user only inside a user namespace of its own, where the kernel
    // allows unprivileged ones (Ubuntu's AppArmor may not). nsenter is util-linux's like unshare, but a container may
    // still refuse setns where it allowed unshare. Tried once per test host.
    private static string[]? Detect()
    {
        if (Environment.GetEnvironmentVariable("VVTV_TEST_OWN_NETWORK") == "0") return null;
        foreach (var flags in new[] { new[] { "-n" }, ["-r", "-n"] })
        {
            Process? holder;
            try { holder = StartHolder(flags, "ip link set lo up"); }
            catch (System.ComponentModel.Win32Exception) { return null; } // no unshare on this machine
            if (holder is null) continue;
            try
            {
                if (Succeeds(EnterLine(holder.Id, flags, "true", []))) return flags;
            }
            finally
            {
                Stop(holder);
                holder.Dispose();
            }
        }
        return null;
    }

    private static bool Succeeds(string[] line)
    {
        var start = new ProcessStartInfo(line[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in line[1..]) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            error.Wait();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no nsenter
        }
    }
}
