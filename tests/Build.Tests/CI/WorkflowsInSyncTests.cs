using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.CI;

/// <summary>The committed .github/workflows are exactly what ./build.sh Workflows generates from the graph
/// today.</summary>
[Parallelizable]
public sealed class WorkflowsInSyncTests
{
    private string _generated = null!;
    private static string Committed => Repository.PathOf(".github", "workflows");

    [OneTimeSetUp]
    public async Task Generate()
    {
        _generated = Path.Combine(Path.GetTempPath(), "workflows-" + Guid.NewGuid().ToString("N"));
        var result = await Cli.Wrap(Repository.PathOf("build.sh"))
            .WithArguments(["Workflows", "--workflows-directory", _generated, "--no-logo"])
            .WithWorkingDirectory(Repository.Root)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardOutput + result.StandardError);
    }

    [OneTimeTearDown]
    public void Delete() { if (Directory.Exists(_generated)) Directory.Delete(_generated, recursive: true); }

    [Test]
    public void Committed_workflows_equal_the_generated_ones()
    {
        var generated = Directory.GetFiles(_generated, "*.yml").Select(Path.GetFileName).Order().ToList();
        Assert.That(generated, Is.EqualTo(new[] { "ci.yml", "rehearsal.yml", "release.yml" }));
        Assert.That(Directory.GetFiles(Committed, "*.yml").Select(Path.GetFileName).Order(), Is.EqualTo(generated),
            "every file in .github/workflows comes from ./build.sh Workflows");
        foreach (var name in generated)
        {
            var want = File.ReadAllLines(Path.Combine(_generated, name!));
            var have = File.ReadAllLines(Path.Combine(Committed, name!));
            var first = Enumerable.Range(0, Math.Max(want.Length, have.Length))
                .FirstOrDefault(i => i >= want.Length || i >= have.Length || want[i] != have[i], -1);
            Assert.That(first, Is.EqualTo(-1),
                $".github/workflows/{name} is out of date at line {first + 1}: committed '{Line(have, first)}', " +
                $"generated '{Line(want, first)}'. Run ./build.sh Workflows and commit.");
        }
    }

    private static string Line(string[] lines, int i) => i >= 0 && i < lines.Length ? lines[i] : "<end of file>";

    private static YamlMappingNode Load(string name)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Committed, name))));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    [Test]
    public void Release_runs_one_job_per_gate_in_graph_order_with_the_live_gates_on_the_vvtv_runner()
    {
        var yaml = Load("release.yml");
        var jobs = (YamlMappingNode)yaml["jobs"];
        Assert.That(jobs.Children.Keys.Select(k => k.ToString()),
            Is.EqualTo(new[] { "test", "security", "go-live", "runbook", "soak", "canary", "promote",
                "cloudflare-verify", "release" }));
        string Value(string job, string key) => ((YamlScalarNode)((YamlMappingNode)jobs[job])[key]).Value!;
        foreach (var live in new[] { "runbook", "soak", "canary", "promote", "release" })
            Assert.That(Value(live, "runs-on"), Does.Contain("vars.VVTV_RUNNER_LABELS"), live);
        foreach (var built in new[] { "test", "security", "go-live", "cloudflare-verify" })
            Assert.That(Value(built, "runs-on"), Is.EqualTo("ubuntu-latest"), built);
        Assert.That(Value("promote", "environment"), Is.EqualTo("production"));
        Assert.That(Value("release", "environment"), Is.EqualTo("production"));
        Assert.That(int.Parse(Value("soak", "timeout-minutes")), Is.GreaterThanOrEqualTo(1500),
            "a 24 h soak with boot time");
        var release = (YamlMappingNode)jobs["release"];
        Assert.That(((YamlSequenceNode)release["needs"]).Select(n => n.ToString()),
            Is.EqualTo(new[] { "cloudflare-verify" }));
        var run = ((YamlSequenceNode)release["steps"]).Cast<YamlMappingNode>()
            .Single(s => s["name"].ToString() == "Run Release");
        Assert.That(run["run"].ToString(),
            Does.StartWith(
                "./build.sh Release --skip --release-run ${{ github.run_id }} --vvtv-root \"$VVTV_LIVE_ROOT\""),
            "the live job releases the VVTV host's checkout");
        var env = ((YamlMappingNode)run["env"]).Children.Keys.Select(k => k.ToString()).ToList();
        Assert.That(env, Is.SupersetOf(new[] { "GITHUB_TOKEN", "VVTV_CONTROL_TOKEN", "VVTV_CONTROL_SECRET",
            "CLOUDFLARE_API_TOKEN" }));
        var on = (YamlMappingNode)yaml["on"];
        Assert.That(((YamlMappingNode)((YamlMappingNode)on["workflow_dispatch"])["inputs"]).Children.Keys.Select(k
            => k.ToString()),
            Is.EqualTo(new[] { "vvtv-ref", "version", "soak-hours", "maintenance-window" }));
        Assert.That(((YamlSequenceNode)((YamlMappingNode)on["push"])["tags"]).Select(n => n.ToString()),
            Is.EqualTo(new[] { "v*" }));
    }

    [Test]
    public void Ci_runs_the_readme_test_command_on_push_and_pull_request()
    {
        var yaml = Load("ci.yml");
        var on = (YamlMappingNode)yaml["on"];
        Assert.That(on.Children.Keys.Select(k => k.ToString()), Is.EqualTo(new[] { "push", "pull_request" }));
        var steps = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)yaml["jobs"])["test"])["steps"];
        Assert.That(steps.Cast<YamlMappingNode>().Where(s => s.Children.ContainsKey("run")).Select(s
            => s["run"].ToString()),
            Is.EqualTo(new[] { "dotnet test ${VVTV_TEST_FILTER:+--filter \"$VVTV_TEST_FILTER\"}" }),
                "the filter is only for the local proof");
        Assert.That(File.ReadAllText(Repository.PathOf("README.md")), Does.Contain("\ndotnet test "),
            "the README's test command");
    }
}
