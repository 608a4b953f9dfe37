using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CliWrap;
using Engine;
using Serilog;

namespace Cloudflare;

/// <summary>
/// The Worker's npm packages (wrangler and workerd). A Worker folder that has its own node_modules keeps it; otherwise
/// the packages are installed once per lockfile into a shared cache and linked in as node_modules. The build and the
/// tests
/// both come here.
/// </summary>
public static class WorkerPackages
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>Returns the Worker's node_modules folder, installing into <paramref name="cacheRoot"/> and linking it
    /// when missing.</summary>
    /// <param name="workerDirectory">Folder holding package.json (and package-lock.json when the Worker pins its
    /// packages).</param>
    /// <param name="cacheRoot">Shared cache of finished installs, one folder per lockfile hash.</param>
    /// <param name="wranglerVersion">Without a lockfile npm would take the newest wrangler its range allows, which may
    /// not run on this Node; this version is installed instead. Null keeps npm's choice.</param>
    /// <param name="logFile">npm's output is appended here too.</param>
    public static async Task<AbsolutePath> EnsureInstalledAsync(
        AbsolutePath workerDirectory, AbsolutePath cacheRoot, string? wranglerVersion = null, string? logFile = null,
            CancellationToken ct = default)
    {
        var packageJson = workerDirectory / "package.json";
        if (!packageJson.FileExists())
            throw new InvalidOperationException($"{packageJson} does not exist: the Worker folder has no " +
                $"package.json to install wrangler from");
        var linked = workerDirectory / "node_modules";
        if (HasWrangler(linked)) return linked;
        // A link left behind by a pruned cache would otherwise look like an installed folder; a real folder is the
        // user's.
        var isLink = new FileInfo(linked).LinkTarget is not null;
        if (!isLink && linked.DirectoryExists())
            throw new InvalidOperationException($"{linked} exists but holds no wrangler: finish that install (npm ci " +
                $"/ npm install) or remove the folder");

        var lockFile = workerDirectory / "package-lock.json";
        var hasLock = lockFile.FileExists();
        var modules = cacheRoot / CacheKey(packageJson, hasLock ? lockFile : null, wranglerVersion) / "node_modules";
        if (!HasWrangler(modules))
        {
            await InstallGate.WaitAsync(ct);
            try
            {
                if (!HasWrangler(modules)) await InstallAsync(packageJson, hasLock ? lockFile : null, wranglerVersion,
                    modules.Parent, logFile, ct);
            }
            finally
            {
                InstallGate.Release();
            }
        }

        if (isLink) File.Delete(linked);
        Directory.CreateSymbolicLink(linked, modules);
        Log.Information("Worker packages: {Modules:l} linked into {Worker:l}", modules.Value, workerDirectory.Value);
        return linked;
    }

    /// <summary>The wrangler version a package.json pins exactly in its devDependencies or dependencies, or null (also
    /// when there is no file).</summary>
    public static string? PinnedWranglerVersion(AbsolutePath packageJson)
    {
        if (!packageJson.FileExists()) return null;
        using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
        foreach (var section in new[] { "devDependencies", "dependencies" })
            if (document.RootElement.TryGetProperty(section, out var deps)
                && deps.TryGetProperty("wrangler", out var version)
                && version.GetString() is { } text && text.All(c => char.IsAsciiDigit(c) || c == '.'))
                return text;
        return null;
    }

    /// <summary>True when <paramref name="modules"/> holds a runnable wrangler.</summary>
    public static bool HasWrangler(AbsolutePath modules) => (modules / "wrangler" / "bin" / "wrangler.js").FileExists();

    private static async Task InstallAsync(AbsolutePath packageJson, AbsolutePath? lockFile, string? wranglerVersion,
        AbsolutePath target, string? logFile, CancellationToken ct)
    {
        var staging = target.Parent / $"staging-{Guid.NewGuid():N}";
        staging.CreateDirectory();
        try
        {
            File.Copy(packageJson, staging / "package.json");
            List<string> arguments = lockFile is null ? ["install", .. QuietFlags] : ["ci", .. QuietFlags];
            if (lockFile is { } lockPath) File.Copy(lockPath, staging / "package-lock.json");
            else if (wranglerVersion is not null) arguments.Add($"wrangler@{wranglerVersion}");
            Log.Information("Installing the Worker's npm packages: npm {Arguments:l}", string.Join(' ', arguments));
            var result = await Cli.Wrap("npm")
                .WithArguments(arguments)
                .WithWorkingDirectory(staging)
                .WithEnvironmentVariables(new Dictionary<string, string?> { ["npm_config_update_notifier"] = "false" })
                .ExecuteGroupAsync(new ProcessOptions { OutputFile = logFile, Timeout = InstallTimeout,
                    LogName = "npm" }, ct);
            if (!result.Succeeded)
                throw new InvalidOperationException(
                    $"npm {arguments[0]} for {packageJson} failed " +
                        $"({(result.TimedOut ? "timed out" : $"exit code {result.ExitCode}")}):\n" +
                        Tail(result.StdErr));
            if (!HasWrangler(staging / "node_modules"))
                throw new InvalidOperationException($"npm {arguments[0]} for {packageJson} succeeded but installed " +
                    $"no wrangler: the Worker's package.json must depend on wrangler");
            if (target.DirectoryExists()) target.DeleteDirectory();
            try
            {
                // Renaming the finished install keeps a half-written cache from ever looking complete.
                Directory.Move(staging, target);
            }
            catch (IOException) when (HasWrangler(target / "node_modules"))
            {
                // Another process finished the same install first.
            }
        }
        finally
        {
            if (staging.DirectoryExists()) staging.DeleteDirectory();
        }
    }

    private static readonly string[] QuietFlags = ["--no-audit", "--no-fund", "--loglevel=error"];

    // Keyed by what decides the install, so a version bump installs afresh instead of reusing stale packages.
    private static string CacheKey(AbsolutePath packageJson, AbsolutePath? lockFile, string? wranglerVersion)
    {
        var bytes = lockFile is { } l
            ? File.ReadAllBytes(l)
            : [.. File.ReadAllBytes(packageJson), .. Encoding.UTF8.GetBytes($"\nwrangler@{wranglerVersion}")];
        return Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
    }

    private static string Tail(IReadOnlyList<string> lines) => string.Join('\n', lines.TakeLast(20));
}
