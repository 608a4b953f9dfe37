using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;

namespace Sandbox.Tests.Worker;

/// <summary>
/// A copy of the sandbox Worker in a temp folder, with its local D1 migrated and <c>wrangler dev</c>
/// running on a free loopback port in its own process group.
/// </summary>
public sealed class LocalWorker : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private readonly CancellationTokenSource _forceKill = new();
    private CommandTask<CommandResult>? _devServer;

    private LocalWorker(string directory, int port)
    {
        _directory = directory;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The loopback port wrangler dev listens on.</summary>
    public int Port { get; }

    /// <summary>A client whose base address is the Worker.</summary>
    public HttpClient Http { get; }

    /// <summary>Process group id of wrangler dev (setsid makes it equal to the process id).</summary>
    public int ProcessGroup { get; private set; }

    /// <summary>Everything wrangler dev printed so far, for failure messages.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Copies the Worker, writes <c>.dev.vars</c> from <paramref name="devVars"/>, migrates D1 (unless told not to) and starts wrangler dev.</summary>
    public static async Task<LocalWorker> StartAsync(IReadOnlyDictionary<string, string> devVars, bool migrate = true, CancellationToken cancellationToken = default)
    {
        var modules = await WorkerNodeModules.EnsureInstalledAsync(cancellationToken);
        var directory = Directory.CreateTempSubdirectory("vvtv-worker-").FullName;
        CopyWorker(WorkerNodeModules.WorkerSource, directory);
        Directory.CreateSymbolicLink(Path.Combine(directory, "node_modules"), modules);
        await File.WriteAllLinesAsync(Path.Combine(directory, ".dev.vars"), devVars.Select(kv => $"{kv.Key}={kv.Value}"), cancellationToken);

        var worker = new LocalWorker(directory, FreeLoopbackPort());
        try
        {
            if (migrate)
                await worker.RunWranglerAsync(["d1", "migrations", "apply", "vvtv-control", "--local", "--persist-to", worker.StateDirectory], cancellationToken);
            await worker.StartDevServerAsync(cancellationToken);
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    private string StateDirectory => Path.Combine(_directory, "state");

    /// <summary>Runs a SELECT through <c>wrangler d1 execute --local --json</c> and returns the result rows.</summary>
    public async Task<List<Dictionary<string, JsonElement>>> QueryD1Async(string sql, CancellationToken cancellationToken = default)
    {
        var stdout = await RunWranglerAsync(["d1", "execute", "vvtv-control", "--local", "--persist-to", StateDirectory, "--json", "--command", sql], cancellationToken);
        using var document = JsonDocument.Parse(stdout);
        return document.RootElement[0].GetProperty("results").EnumerateArray()
            .Select(row => row.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()))
            .ToList();
    }

    /// <summary>True when some process of the wrangler dev group is still alive (zombies excluded).</summary>
    public bool ProcessGroupIsAlive() => ProcessGroup != 0 && LiveMembersOf(ProcessGroup).Any();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_devServer is not null)
        {
            await SignalGroupAsync("TERM");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (ProcessGroupIsAlive() && DateTime.UtcNow < deadline) await Task.Delay(100);
            if (ProcessGroupIsAlive()) await SignalGroupAsync("KILL");
            _forceKill.CancelAfter(TimeSpan.FromSeconds(5));
            try { await _devServer; } catch (OperationCanceledException) { }
        }
        _forceKill.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task StartDevServerAsync(CancellationToken cancellationToken)
    {
        void Append(string line) { lock (_output) _output.AppendLine(line); }
        // setsid execs in place (CliWrap's child is not a group leader), so the pid is the new group's id
        // and one signal to the group reaches wrangler, esbuild and both workerd processes.
        _devServer = Cli.Wrap("setsid")
            .WithArguments([
                "node", Path.Combine("node_modules", "wrangler", "bin", "wrangler.js"), "dev",
                "--ip", "127.0.0.1", "--port", Port.ToString(),
                "--inspector-ip", "127.0.0.1", "--inspector-port", FreeLoopbackPort().ToString(),
                "--persist-to", StateDirectory, "--show-interactive-dev-session=false",
            ])
            .WithWorkingDirectory(_directory)
            .WithEnvironmentVariables(WranglerEnvironment)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(Append))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(Append))
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(_forceKill.Token);
        ProcessGroup = _devServer.ProcessId;

        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_devServer.Task.IsCompleted)
                throw new InvalidOperationException($"wrangler dev exited before it was ready:\n{Output}");
            try
            {
                // The player page needs no D1, so it also answers when the migration was skipped on purpose.
                using var response = await Http.GetAsync("/", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"wrangler dev did not answer on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private async Task<string> RunWranglerAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await Cli.Wrap("node")
            .WithArguments([Path.Combine("node_modules", "wrangler", "bin", "wrangler.js"), .. arguments])
            .WithWorkingDirectory(_directory)
            .WithEnvironmentVariables(WranglerEnvironment)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8, cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"wrangler {string.Join(' ', arguments)} failed with exit code {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        return result.StandardOutput;
    }

    private async Task SignalGroupAsync(string signal) =>
        await Cli.Wrap("kill").WithArguments([$"-{signal}", "--", $"-{ProcessGroup}"])
            .WithValidation(CommandResultValidation.None).ExecuteAsync();

    // Local only: no telemetry, no Request.cf download, no interactive prompts.
    private static readonly IReadOnlyDictionary<string, string?> WranglerEnvironment = new Dictionary<string, string?>
    {
        ["WRANGLER_SEND_METRICS"] = "false",
        ["CLOUDFLARE_CF_FETCH_ENABLED"] = "false",
        ["CI"] = "true",
        ["NO_COLOR"] = "1",
        ["FORCE_COLOR"] = "0",
    };

    private static void CopyWorker(string source, string destination)
    {
        foreach (var file in new[] { "wrangler.toml", "package.json", "package-lock.json" })
            File.Copy(Path.Combine(source, file), Path.Combine(destination, file));
        foreach (var folder in new[] { "src", "migrations" })
        {
            var root = Path.Combine(source, folder);
            foreach (var file in Directory.GetFiles(root, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(destination, folder, Path.GetRelativePath(root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }

    /// <summary>A port the kernel just handed out on 127.0.0.1; free unless something grabs it in between.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when nothing accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool NothingListensOn(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static IEnumerable<int> LiveMembersOf(int processGroup)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // Fields after the parenthesised command: state ppid pgrp ...
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 2 && fields[0] != "Z" && int.TryParse(fields[2], out var pgrp) && pgrp == processGroup)
                yield return pid;
        }
    }
}
