using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Build.Tests.Publishing.FakeGitHub;
using Build.Tests.Release;
using Checklist;
using Cloudflare;
using Engine;
using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;

namespace Build.Tests.Secrets;

/// <summary>
/// A whole ./build.sh Release at --verbosity Verbose on a git checkout (so the test, not the build, chooses every
/// secret):
/// production, random control, Cloudflare and GitHub secrets, a publish to the fake GitHub. None of the values, nor
/// their base64 form, may appear in any file under the root's artifacts/ (evidence, logs, bundle, archives unpacked),
/// in .nuke/, in the build's output or in what reached GitHub.
/// </summary>
[Parallelizable]
public sealed class SecretsLeakTests
{
    [Test]
    public async Task A_verbose_production_release_leaves_no_secret_anywhere()
    {
        // The build reaches a wrangler dev this test starts on its own loopback: it runs there, taking turns.
        using var root = new ReleaseRoot(ownNetwork: false);
        var checkout = Path.Combine(root.Path, "voulezvous-tv");
        await Checkout(root.Template, checkout);
        var secrets = new Dictionary<string, string>
        {
            ["VVTV_CONTROL_TOKEN"] = Random("ctltok"),
            ["VVTV_CONTROL_SECRET"] = Random("ctlsec"),
            ["VVTV_CLOUDFLARE_TOKEN"] = Random("cfsynctok"),
            ["VVTV_CLOUDFLARE_SECRET"] = Random("cfsyncsec"),
            ["CLOUDFLARE_API_TOKEN"] = Random("cfapi"),
            ["GITHUB_TOKEN"] = Random("ghtok"),
        };
        using var github = new FakeGitHubServer(secrets["GITHUB_TOKEN"]);
        // On a checkout only remote mode proves the Cloudflare items: rehearsed (--cloudflare-d1-state) against a
        // migrated Worker this test deploys on loopback, outside the searched folders, with the run's sync secrets.
        var deployed = AbsolutePath.Create(Path.Combine(root.Path, "deployed-worker"));
        await Cli.Wrap("cp").WithArguments(["-a", Path.Combine(root.Template, "cloudflare", "worker"), deployed])
            .ExecuteAsync();
        var wrangler = new Wrangler(deployed, await WorkerPackages.EnsureInstalledAsync(deployed,
            AbsolutePath.Create(Repository.PathOf("sandbox", ".artifacts", "worker-node_modules"))));
        var state = deployed / "state";
        await wrangler.ApplyMigrationsAsync(D1Location.Local(state), deployed / "migrations-apply.log");
        File.WriteAllLines(deployed / "secrets.env", [$"CONTROL_TOKEN={secrets["VVTV_CLOUDFLARE_TOKEN"]}",
            $"CONTROL_SECRET={secrets["VVTV_CLOUDFLARE_SECRET"]}"]);
        await using var worker = await WranglerDevServer.StartAsync(wrangler, D1Location.Local(state),
            deployed / "secrets.env", deployed / "wrangler-dev.log");
        var environment = new Dictionary<string, string?>(secrets.ToDictionary(s => s.Key, s => (string?)s.Value))
        {
            ["PATH"] = $"{Repository.PathOf("sandbox", "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
            ["VVTV_ENV"] = "production",
            ["VVTV_CLOUDFLARE_BASE_URL"] = worker.BaseUrl,
            ["VVTV_ROOT"] = null,
            ["NUKE_VVTV_ROOT"] = null,
        };

        var result = await root.BuildAsync(environment,
            "Release", "--vvtv-root", checkout, "--maintenance-window", "--verbosity", "Verbose",
            "--cloudflare-mode", "remote",
            "--cloudflare-d1-state", state,
            "--soak-hours", "0", "--soak-interval-secs", "1", "--soak-max-samples", "3",
            "--canary-soak-hours", "0", "--canary-soak-interval-secs", "1", "--canary-soak-max-samples", "2",
            "--github-api-url", github.ApiBase.ToString(), "--github-repository", "danvoulez/voulezvous-tv",
                "--release-version", "9.9.9");
        var output = result.StandardOutput + result.StandardError;

        var places = new List<(string Where, byte[] Content)> { ("build output", Encoding.UTF8.GetBytes(output)) };
        places.AddRange(FilesUnder(root.Artifacts));
        places.AddRange(FilesUnder(Path.Combine(root.Path, ".nuke")));
        foreach (var release in github.Releases)
        {
            places.Add(($"GitHub release {release.Tag} notes", Encoding.UTF8.GetBytes(release.Body)));
            places.AddRange(release.Assets.SelectMany(a => Unpacked($"GitHub asset {a.Name}", a.Data)));
        }
        Assert.That(places.Count(p => p.Where.Contains("/evidence/")), Is.GreaterThan(50),
            "the run left its evidence to search");
        Assert.That(places.Where(p => p.Where.Contains("/logs/")), Is.Not.Empty, "the run left its logs to search");

        var leaks = (from secret in secrets
                     from form in new[] { (Name: "value", Text: secret.Value),
                         (Name: "base64", Text: Convert.ToBase64String(Encoding.UTF8.GetBytes(secret.Value))) }
                     from place in places
                     where Contains(place.Content, form.Text)
                     select $"{secret.Key} ({form.Name}) in {place.Where}").ToList();
        Assert.That(leaks, Is.Empty, string.Join("\n", leaks));
        // The same search does find a value that is not secret: the sync base URL the Security gate writes into its
        // evidence.
        Assert.That(places.Where(p => Contains(p.Content, environment["VVTV_CLOUDFLARE_BASE_URL"]!))
            .Select(p => p.Where), Has.Some.Contains("/evidence/Security/"));

        Assert.That(result.ExitCode, Is.EqualTo(0), BuildOutputTail(output));
        // Issue 16: a checkout in remote mode against the rehearsal Worker ends GO, its Cloudflare items proved there.
        var decision = DecisionFile.Load(Directory.GetDirectories(Path.Combine(root.Artifacts, "runs"))
            .Select(d => Path.Combine(d, DecisionFile.JsonName)).Single(File.Exists));
        Assert.That(decision.Go, Is.True, string.Join("\n", decision.Reasons));
        Assert.That(decision.Items.Where(i => i.Id.StartsWith("cloudflare.", StringComparison.Ordinal))
            .Select(i => i.Status).ToList(), Has.Count.EqualTo(4).And.All.EqualTo(ItemStatus.Pass));
        Assert.That(github.Releases.Single().Assets, Is.Not.Empty,
            "the bundle was published, so its uploaded bytes were searched too");
        Assert.That(Directory.GetFiles(root.Artifacts, "*.tar.gz", SearchOption.AllDirectories), Is.Not.Empty,
            "the bundle archive was unpacked and searched");
    }

    private static string Random(string prefix) =>
        $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}";

    private static async Task Checkout(string template, string checkout)
    {
        await Cli.Wrap("cp").WithArguments(["-a", template, checkout]).ExecuteAsync();
        foreach (var git in new[] { new[] { "init", "-q" }, ["add", "-A"],
            ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "checkout"] })
            await Cli.Wrap("git").WithArguments(git).WithWorkingDirectory(checkout).ExecuteAsync();
    }

    private static IEnumerable<(string Where, byte[] Content)> FilesUnder(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Where(f => new FileInfo(f).LinkTarget is null)
                .SelectMany(f => Unpacked(f, File.ReadAllBytes(f)))
            : [];

    // A gzip'd tar (the bundle archive) is searched entry by entry, since compression hides the bytes.
    private static IEnumerable<(string Where, byte[] Content)> Unpacked(string where, byte[] bytes)
    {
        yield return (where, bytes);
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) yield break;
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        var inflated = new MemoryStream();
        gzip.CopyTo(inflated);
        yield return ($"{where} (gunzipped)", inflated.ToArray());
        inflated.Position = 0;
        List<(string, byte[])> entries = [];
        try
        {
            using var tar = new TarReader(inflated);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null) continue;
                var data = new MemoryStream();
                entry.DataStream.CopyTo(data);
                entries.Add(($"{where}!{entry.Name}", data.ToArray()));
            }
        }
        catch (InvalidDataException) { /* gzip, but not a tar: searched whole above */ }
        foreach (var e in entries) yield return e;
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    private static string BuildOutputTail(string output) => string.Join('\n', output.Split('\n').TakeLast(80));
}
