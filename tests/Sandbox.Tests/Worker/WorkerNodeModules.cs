using System.Security.Cryptography;
using System.Text;
using CliWrap;
using System.Runtime.CompilerServices;
using CliWrap.Buffered;

namespace Sandbox.Tests.Worker;

/// <summary>Installs the Worker's npm packages once per lockfile into a git-ignored cache shared by test runs.</summary>
public static class WorkerNodeModules
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>The committed Worker folder the tests run.</summary>
    public static string WorkerSource => Path.Combine(RepositoryRoot, "sandbox", "workspace", "cloudflare", "worker");

    private static string RepositoryRoot => RootPath.Value;

    private static readonly Lazy<string> RootPath = new(() =>
    {
        try
        {
            return global::Tests.Shared.Repository.Root;
        }
        catch (InvalidOperationException)
        {
            // With --artifacts-path outside the repository the assembly has no repository above it;
            // the compile-time path of this file still points into the checkout.
            return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", ".."));
        }
    });

    private static string ThisFile([CallerFilePath] string path = "") => path;

    /// <summary>Returns a node_modules folder installed with <c>npm ci</c> from the Worker's lockfile.</summary>
    public static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        var lockFile = Path.Combine(WorkerSource, "package-lock.json");
        // Keyed by the lockfile's hash so a version bump installs afresh instead of reusing stale packages.
        var hash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(lockFile, cancellationToken)))[..16].ToLowerInvariant();
        var cacheRoot = Path.Combine(RepositoryRoot, "sandbox", ".artifacts", "worker-node_modules");
        var target = Path.Combine(cacheRoot, hash);
        var modules = Path.Combine(target, "node_modules");
        if (IsComplete(modules)) return modules;

        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            if (IsComplete(modules)) return modules;
            var staging = Path.Combine(cacheRoot, $"staging-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            try
            {
                File.Copy(Path.Combine(WorkerSource, "package.json"), Path.Combine(staging, "package.json"));
                File.Copy(lockFile, Path.Combine(staging, "package-lock.json"));
                var result = await Cli.Wrap("npm")
                    .WithArguments(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                    .WithWorkingDirectory(staging)
                    .WithValidation(CommandResultValidation.None)
                    .ExecuteBufferedAsync(Encoding.UTF8, cancellationToken);
                if (result.ExitCode != 0)
                    throw new InvalidOperationException($"npm ci in {staging} failed with exit code {result.ExitCode}:\n{result.StandardError}");
                if (Directory.Exists(target) && !IsComplete(modules)) Directory.Delete(target, recursive: true);
                try
                {
                    // Renaming the finished install keeps a half-written cache from ever looking complete.
                    Directory.Move(staging, target);
                }
                catch (IOException) when (IsComplete(modules))
                {
                    // Another test process finished the same install first.
                }
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
            return modules;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static bool IsComplete(string modules) =>
        File.Exists(Path.Combine(modules, "wrangler", "bin", "wrangler.js"))
        && Directory.Exists(Path.Combine(modules, "@cloudflare", "workerd-linux-64"));
}
