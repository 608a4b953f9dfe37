using CliWrap;
using Engine;

namespace Cloudflare;

/// <summary>The wrangler CLI of one Worker folder, run with the node_modules <see cref="WorkerPackages"/>
/// installed.</summary>
public sealed class Wrangler
{
    /// <summary>The D1 database name in the Worker's wrangler.toml.</summary>
    public const string Database = "vvtv-control";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
    private readonly IReadOnlyDictionary<string, string?> _environment;

    /// <param name="workerDirectory">The Worker folder (wrangler.toml, src/, migrations/).</param>
    /// <param name="nodeModules">Its node_modules, holding wrangler.</param>
    /// <param name="environment">Added to <see cref="QuietEnvironment"/>, e.g. CLOUDFLARE_API_TOKEN for remote
    /// commands.</param>
    public Wrangler(AbsolutePath workerDirectory, AbsolutePath nodeModules, IReadOnlyDictionary<string,
        string?>? environment = null)
    {
        WorkerDirectory = workerDirectory;
        NodeModules = nodeModules;
        var merged = new Dictionary<string, string?>(QuietEnvironment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) merged[key] = value;
        _environment = merged;
    }

    /// <summary>No telemetry, no Request.cf download, no prompts, no colours: wrangler run by a machine.</summary>
    public static IReadOnlyDictionary<string, string?> QuietEnvironment { get; } = new Dictionary<string, string?>
    {
        ["WRANGLER_SEND_METRICS"] = "false",
        ["CLOUDFLARE_CF_FETCH_ENABLED"] = "false",
        ["CI"] = "true",
        ["NO_COLOR"] = "1",
        ["FORCE_COLOR"] = "0",
    };

    public AbsolutePath WorkerDirectory { get; }

    public AbsolutePath NodeModules { get; }

    /// <summary>The migration files wrangler applies, by name, in order.</summary>
    public IReadOnlyList<string> MigrationFiles =>
        (WorkerDirectory / "migrations").DirectoryExists()
            ? Directory.GetFiles(WorkerDirectory / "migrations", "*.sql").Select(f => Path.GetFileName(f))
                .Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>A wrangler command in the Worker folder.</summary>
    public Command Command(IEnumerable<string> arguments) =>
        Cli.Wrap("node")
            .WithArguments([NodeModules / "wrangler" / "bin" / "wrangler.js", .. arguments])
            .WithWorkingDirectory(WorkerDirectory)
            .WithEnvironmentVariables(_environment);

    /// <summary>Runs wrangler to its end; a non-zero exit is an error naming the command and its last output
    /// lines.</summary>
    public async Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, string? outputFile = null,
        CancellationToken ct = default)
    {
        var result = await Command(arguments).ExecuteGroupAsync(new ProcessOptions { OutputFile = outputFile,
            Timeout = CommandTimeout, LogName = "wrangler" }, ct);
        if (!result.Succeeded)
            throw new WranglerException(
                $"wrangler {string.Join(' ', arguments)} failed " +
                    $"({(result.TimedOut
                        ? $"timed out after {CommandTimeout.TotalSeconds:0} s"
                        : $"exit code {result.ExitCode}")}): "
                + string.Join('\n', result.StdOut.Concat(result.StdErr).Where(l => l.Trim().Length > 0).TakeLast(8)));
        return result;
    }

    /// <summary><c>wrangler d1 migrations apply</c>: records every pending migration in d1_migrations.</summary>
    public Task<ProcessResult> ApplyMigrationsAsync(D1Location d1, string? outputFile = null,
        CancellationToken ct = default) =>
        RunAsync(["d1", "migrations", "apply", Database, .. d1.Flags], outputFile, ct);

    /// <summary><c>wrangler d1 migrations list</c>: the migrations not applied yet.</summary>
    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(D1Location d1, string? outputFile = null,
        CancellationToken ct = default)
    {
        var result = await RunAsync(["d1", "migrations", "list", Database, .. d1.Flags], outputFile, ct);
        return PendingMigrations.Parse(result.StdOut);
    }

    /// <summary><c>wrangler d1 execute --json --command</c>: one result set per SQL statement.</summary>
    public async Task<D1Results> QueryAsync(D1Location d1, string sql, CancellationToken ct = default)
    {
        string[] arguments = ["d1", "execute", Database, .. d1.Flags, "--json", "--command", sql];
        var result = await Command(arguments).ExecuteGroupAsync(new ProcessOptions { Timeout = CommandTimeout,
            LogName = "wrangler" }, ct);
        // A failed statement still prints JSON ({"error":{"text":...}}), which says more than the exit code.
        var json = string.Join('\n', result.StdOut);
        if (result.TimedOut) throw new WranglerException($"wrangler d1 execute timed out after " +
            $"{CommandTimeout.TotalSeconds:0} s: {sql}");
        return D1Results.Parse(json, sql, result.ExitCode);
    }
}

/// <summary>A wrangler command failed or printed something this build cannot read.</summary>
public sealed class WranglerException(string message) : Exception(message);
