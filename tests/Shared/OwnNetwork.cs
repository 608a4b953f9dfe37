using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

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
        Id = IdOf(holder.Id.ToString()) ?? throw new InvalidOperationException($"no network namespace for {holder.Id}");
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
        var start = new ProcessStartInfo("unshare")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // cat ends when the test host closes its stdin, so a crashed host leaves no holder behind.
        foreach (var arg in (string[])[.. flags, "--", "sh", "-c", "ip link set lo up && echo up && exec cat >/dev/null"])
            start.ArgumentList.Add(arg);
        var holder = Process.Start(start)!;
        if (holder.StandardOutput.ReadLine() != "up")
        {
            holder.WaitForExit();
            var error = holder.StandardError.ReadToEnd();
            holder.Dispose();
            throw new InvalidOperationException($"unshare {string.Join(' ', flags)} worked once, then failed: {error}");
        }
        return new OwnNetwork(holder);
    }

    /// <summary>
    /// The command line that runs <paramref name="program"/> in this namespace: nsenter execs it, so it keeps
    /// nsenter's process id (a signal to it reaches the program) and its process tree is the program's.
    /// </summary>
    public string[] Enter(string program, IEnumerable<string> arguments) =>
        ["nsenter", "--target", _holder.Id.ToString(), .. UserFlags, "--net", "--", program, .. arguments];

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

    /// <summary>The network namespace of a process ("self", "1", a pid), or null when this user may not see it.</summary>
    public static string? IdOf(string process)
    {
        try { return new FileInfo($"/proc/{process}/ns/net").LinkTarget; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public void Dispose()
    {
        try
        {
            _holder.StandardInput.Close();
            if (!_holder.WaitForExit(TimeSpan.FromSeconds(5))) _holder.Kill();
            _holder.WaitForExit();
            // Nothing runs in the namespace any more, so nothing takes its port lock; the next namespace may reuse the id.
            File.Delete(LoopbackPortLock.FileOf(7070, LoopbackPortLock.KeyOf(Id)));
        }
        finally
        {
            _holder.Dispose();
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);

    // Entering a namespace that belongs to a user namespace of unshare -r's means entering that one too.
    private static string[] UserFlags => UnshareFlags.Value is ["-r", ..] ? ["--user", "--preserve-credentials"] : [];

    // Root may make a namespace directly; another user only inside a user namespace of its own, where the kernel
    // allows unprivileged ones (Ubuntu's AppArmor may not). Tried once per test host.
    private static string[]? Detect()
    {
        if (Environment.GetEnvironmentVariable("VVTV_TEST_OWN_NETWORK") == "0") return null;
        foreach (var flags in new[] { new[] { "-n" }, ["-r", "-n"] })
        {
            try
            {
                var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var arg in (string[])[.. flags, "--", "sh", "-c", "ip link set lo up"]) start.ArgumentList.Add(arg);
                using var probe = Process.Start(start)!;
                probe.StandardOutput.ReadToEnd();
                probe.StandardError.ReadToEnd();
                probe.WaitForExit();
                if (probe.ExitCode == 0 && NsenterWorks(flags)) return flags;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null; // no unshare on this machine
            }
        }
        return null;
    }

    // nsenter is util-linux's like unshare, but a container may still refuse setns where it allowed unshare.
    private static bool NsenterWorks(string[] flags)
    {
        string[] user = flags is ["-r", ..] ? ["--user", "--preserve-credentials"] : [];
        var start = new ProcessStartInfo("unshare") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var arg in (string[])[.. flags, "--", "sh", "-c", "echo up && exec cat >/dev/null"])
            start.ArgumentList.Add(arg);
        using var holder = Process.Start(start)!;
        try
        {
            if (holder.StandardOutput.ReadLine() != "up") return false;
            var enter = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["--target", holder.Id.ToString(), .. user, "--net", "--", "true"])
                enter.ArgumentList.Add(arg);
            using var probe = Process.Start(enter)!;
            probe.StandardOutput.ReadToEnd();
            probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        finally
        {
            holder.StandardInput.Close();
            holder.WaitForExit();
        }
    }
}
