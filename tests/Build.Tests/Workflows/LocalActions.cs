using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using CliWrap;
using CliWrap.Buffered;

namespace Build.Tests.Workflows;

/// <summary>
/// The actions the generated workflows use, as the local runner plays them:
/// <list type="bullet">
/// <item>checkout: a fresh <c>git clone</c> of the build repository (or of the local repository standing for
/// <c>repository:</c>), at the ref asked for, into <c>path:</c>; the clone has its full history (fetch-depth 0).</item>
/// <item>upload-artifact / download-artifact: files copied into and out of the run's artifact store, stored relative to
/// the least common folder of the paths as upload-artifact does; the only thing jobs share.</item>
/// <item>setup-dotnet, setup-node: the machine's own dotnet and node (offline, nothing is installed); the step checks
/// they run.</item>
/// <item>cache: paths in the workspace are restored from the run's cache store (<see
/// cref="LocalWorkflowRun.CacheStore"/>) on the key, else on the newest key a restore-key starts, and saved under
/// the key by a post step when the job succeeded and the key was not hit; a saved key is never overwritten. Paths in
/// the home folder (<c>~/.nuget/packages</c>) are neither: every job finds the machine's own folder there, as a warm
/// cache would give it.</item>
/// <item>attest-build-provenance: the subjects must exist; their SHA-256 digests are written as an in-toto statement to
/// <c>attestations/</c> of the run (nothing is signed: no Sigstore offline).</item>
/// </list>
/// Any other action fails the step, so a workflow cannot quietly use something the proof does not play.
/// </summary>
internal static class LocalActions
{
    public static async Task<bool> RunAsync(LocalJob job, string uses, IReadOnlyDictionary<string, string> with,
        CancellationToken ct)
    {
        var action = uses[..uses.IndexOf('@')];
        switch (action)
        {
            case "actions/checkout": return await CheckoutAsync(job, with, ct);
            case "actions/cache": return Cache(job, with);
            case "actions/setup-dotnet": return await Runs(job, "dotnet", "--version", ct);
            case "actions/setup-node": return await Runs(job, "node", "--version", ct);
            case "actions/upload-artifact": return Upload(job, with);
            case "actions/download-artifact": return Download(job, with);
            case "actions/attest-build-provenance": return Attest(job, with);
            default:
                job.Write($"the local runner does not play {uses}");
                return false;
        }
    }

    private static async Task<bool> CheckoutAsync(LocalJob job, IReadOnlyDictionary<string, string> with,
        CancellationToken ct)
    {
        var settings = job.Run.Settings;
        var repository = with.GetValueOrDefault("repository") is { Length: > 0 } r ? r : settings.Repository;
        if (!settings.Repositories.TryGetValue(repository, out var source))
        {
            job.Write($"checkout: no local repository stands for {repository}");
            return false;
        }
        var target = with.GetValueOrDefault("path") is { Length: > 0 } p ? Path.Combine(job.Workspace, p)
            : job.Workspace;
        var reference = with.GetValueOrDefault("ref") is { Length: > 0 } x ? x : repository == settings.Repository
            ? settings.Sha : null;
        if (!await Git(job, job.Workspace, ct, "clone", "-q", "--no-hardlinks", source, target)) return false;
        return reference is null || await Git(job, target, ct, "-c", "advice.detachedHead=false", "checkout", "-q",
            reference);
    }

    private static async Task<bool> Git(LocalJob job, string directory, CancellationToken ct, params string[] arguments)
    {
        var result = await Cli.Wrap("git").WithArguments(arguments).WithWorkingDirectory(directory)
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        job.Write($"git {string.Join(' ', arguments)}: exit {result.ExitCode} {result.StandardError.Trim()}");
        return result.ExitCode == 0;
    }

    private static async Task<bool> Runs(LocalJob job, string program, string argument, CancellationToken ct)
    {
        var result = await Cli.Wrap(program).WithArguments(argument).WithEnvironmentVariables(job.Environment([], null))
            .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync(ct);
        job.Write($"{program} {argument}: {result.StandardOutput.Trim()} (the machine's own; nothing installed)");
        return result.ExitCode == 0;
    }

    private static bool Upload(LocalJob job, IReadOnlyDictionary<string, string> with)
    {
        var patterns = with["path"].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var files = patterns.SelectMany(p => Glob(job.Workspace, p)).Distinct().ToList();
        if (files.Count == 0)
        {
            job.Write($"upload-artifact: no files found at {string.Join(", ", patterns)}");
            return with.GetValueOrDefault("if-no-files-found") is not "error";
        }
        var root = Path.Combine(job.Workspace, CommonRoot(patterns));
        var store = Path.Combine(job.Run.ArtifactStore, with["name"]);
        if (Directory.Exists(store))
        {
            if (with.GetValueOrDefault("overwrite") != "true")
            {
                job.Write($"upload-artifact: {with["name"]} exists");
                return false;
            }
            Directory.Delete(store, recursive: true);
        }
        foreach (var file in files)
        {
            var to = Path.Combine(store, Path.GetRelativePath(root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        job.Write($"upload-artifact: {files.Count} files as {with["name"]}");
        return true;
    }

    private static bool Download(LocalJob job, IReadOnlyDictionary<string, string> with)
    {
        var store = Path.Combine(job.Run.ArtifactStore, with["name"]);
        if (!Directory.Exists(store)) { job.Write($"download-artifact: no artifact {with["name"]}"); return false; }
        CopyTree(store, Path.Combine(job.Workspace, with.GetValueOrDefault("path") ?? "."));
        return true;
    }

    private static bool Cache(LocalJob job, IReadOnlyDictionary<string, string> with)
    {
        var paths = with["path"].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => !p.StartsWith('~')).ToList();
        if (paths.Count == 0)
        {
            job.Write("cache: the machine's own folder stands for the restored cache");
            return true;
        }
        var key = with["key"];
        var store = job.Run.CacheStore;
        var restoreKeys = (with.GetValueOrDefault("restore-keys") ?? "").Split('\n',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var saved = Directory.Exists(store)
            ? Directory.GetDirectories(store).OrderByDescending(Directory.GetCreationTimeUtc).ToList() : [];
        var hit = saved.FirstOrDefault(d => Path.GetFileName(d) == CacheFolder(key))
                  ?? restoreKeys.Select(prefix => saved.FirstOrDefault(d => Path.GetFileName(d).StartsWith(
                      CacheFolder(prefix), StringComparison.Ordinal))).FirstOrDefault(d => d is not null);
        if (hit is null) job.Write($"cache: not found for key {key}");
        else
        {
            CopyTree(hit, job.Workspace);
            job.Write($"cache: restored from key {Path.GetFileName(hit)}");
        }
        if (hit is not null && Path.GetFileName(hit) == CacheFolder(key)) return true;
        job.AddPostStep("Cache", () =>
        {
            var into = Path.Combine(store, CacheFolder(key));
            if (Directory.Exists(into)) { job.Write($"cache: {key} was saved meanwhile; not saved"); return true; }
            var found = paths.Where(p => File.Exists(Path.Combine(job.Workspace, p))
                                         || Directory.Exists(Path.Combine(job.Workspace, p))).ToList();
            if (found.Count == 0) { job.Write("cache: none of the paths exist; nothing saved"); return true; }
            var staging = into + ".saving";
            foreach (var path in found) CopyTree(Path.Combine(job.Workspace, path), Path.Combine(staging, path));
            Directory.Move(staging, into);
            job.Write($"cache: saved {string.Join(", ", found)} with key {key}");
            return true;
        });
        return true;
    }

    // A key as a folder name: GitHub keys may hold '/', which a folder name may not.
    private static string CacheFolder(string key) => key.Replace('/', '_');

    // A file or a folder, as a cache path may be either.
    private static void CopyTree(string from, string to)
    {
        if (File.Exists(from))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to, overwrite: true);
            return;
        }
        foreach (var file in Files(from))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static bool Attest(LocalJob job, IReadOnlyDictionary<string, string> with)
    {
        var subjects = with["subject-path"].Split('\n',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(p => Glob(job.Workspace, p)).Distinct().ToList();
        if (subjects.Count == 0)
        {
            job.Write($"attest-build-provenance: no subject at {with["subject-path"]}");
            return false;
        }
        var statement = new
        {
            _type = "https://in-toto.io/Statement/v1",
            predicateType = "https://slsa.dev/provenance/v1",
            subject = subjects.Select(s => new
            {
                name = Path.GetFileName(s),
                digest = new { sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(s))) },
            }),
            run = job.Run.RunId,
            job = job.Id,
        };
        var file = Path.Combine(job.Run.Settings.WorkDirectory, "attestations", $"{job.Id}-{job.Run.Attempt}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, JsonSerializer.Serialize(statement,
            new JsonSerializerOptions { WriteIndented = true }));
        job.Write($"attest-build-provenance: {subjects.Count} subjects, statement in {file}");
        return true;
    }

    /// <summary>Files under <paramref name="root"/> that a path or glob (<c>*</c>, <c>**</c>, <c>?</c>) names; a
    /// folder names its files.</summary>
    public static IEnumerable<string> Glob(string root, string pattern)
    {
        pattern = pattern.TrimStart('.', '/');
        var plain = Path.Combine(root, pattern);
        if (pattern.IndexOfAny(['*', '?']) < 0)
        {
            if (File.Exists(plain)) return [plain];
            return Directory.Exists(plain) ? Files(plain) : [];
        }
        var regex = new Regex("^" + Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*",
            ".*").Replace(@"\*", "[^/]*")
            .Replace(@"\?", "[^/]") + "$");
        var start = Path.Combine(root, CommonRoot([pattern]));
        return Directory.Exists(start) ? Files(start).Where(f => regex.IsMatch(Path.GetRelativePath(root, f))) : [];
    }

    // Links are not followed, so a run folder's links (node_modules, a workspace) are not uploaded through.
    private static IEnumerable<string> Files(string directory) =>
        Directory.EnumerateFiles(directory, "*", new EnumerationOptions
        {
            RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true,
        });

    // The least common folder of the paths' glob-free parts, as upload-artifact stores them (and the generator
    // downloads).
    private static string CommonRoot(IReadOnlyList<string> patterns)
    {
        var roots = patterns.Select(p => p.TrimStart('.', '/').Split('/').TakeWhile(s => s.IndexOfAny(['*',
            '?']) < 0).ToArray()).ToList();
        var common = roots[0].AsEnumerable();
        foreach (var r in roots.Skip(1)) common = common.Zip(r).TakeWhile(x => x.First == x.Second).Select(x
            => x.First).ToArray();
        return string.Join('/', common);
    }
}
