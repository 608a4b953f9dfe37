using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Tests.Shared;

namespace Build.Tests.BadInput;

/// <summary>
/// ./build.sh with a bad value for each parameter: exit 1 with a message naming the parameter, before anything runs,
/// and never an unhandled exception.
/// </summary>
[Parallelizable]
public sealed class ParameterBadInputTests
{
    private static async Task<string> Refused(string[] args, string names, IReadOnlyDictionary<string,
        string>? env = null)
    {
        var (exit, output) = await BuildSh(args, env);
        // Two build.sh calls that both see changed build inputs may race on the build step (README); the next call is
        // clean.
        for (var retry = 0; retry < 2 && IsBootstrapRace(output); retry++) (exit, output) = await BuildSh(args, env);
        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain(names), "the message names the parameter");
        Assert.That(output, Does.Not.Contain("Unhandled exception").And.Not.Match(@"(?m)^\s+at \S+\(.*\) in "),
            "no crash, no stack trace");
        return output;
    }

    private static async Task<(int Exit, string Output)> BuildSh(string[] args, IReadOnlyDictionary<string,
        string>? env)
    {
        var result = await Cli.Wrap(Repository.PathOf("build.sh"))
            .WithArguments([.. args, "--no-logo"])
            .WithWorkingDirectory(Repository.Root)
            .WithEnvironmentVariables(e => { foreach (var (k, v) in env ?? new Dictionary<string, string>()) e.Set(k,
                v); })
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(Encoding.UTF8);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    private static bool IsBootstrapRace(string output) => output.Contains("build.stamp")
        || output.Contains("build/_build.csproj failed to compile");

    // Values that cannot be converted: refused before any target runs. --plan keeps a value that wrongly converts from
    // starting a gate: the case then fails at once on the exit code.
    [TestCase("--soak-hours", "abc", "is not a valid number")]
    [TestCase("--soak-hours", "", "is not a valid number")]
    [TestCase("--soak-hours", "\uFFFD\uFFFD", "is not a valid number")]
    [TestCase("--soak-interval-secs", "1.5", "is not a valid integer")]
    [TestCase("--soak-max-samples", "99999999999", "is not a valid integer")]
    [TestCase("--soak-engine", "turbo", "valid values: Native, Script")]
    [TestCase("--soak-max-consecutive-errors", "three", "is not a valid integer")]
    [TestCase("--soak-request-timeout-secs", "10s", "is not a valid number")]
    [TestCase("--soak-boot-timeout-secs", "1e3", "is not a valid integer")]
    [TestCase("--soak-deadline-grace-secs", "-", "")]
    [TestCase("--soak-run-api", "maybe", "is not a valid boolean")]
    [TestCase("--soak-run-orchestrator", "2", "is not a valid boolean")]
    [TestCase("--canary-soak-hours", "one", "is not a valid number")]
    [TestCase("--canary-soak-interval-secs", "60.0", "is not a valid integer")]
    [TestCase("--canary-soak-max-samples", "x", "is not a valid integer")]
    [TestCase("--maintenance-window", "sometimes", "is not a valid boolean")]
    [TestCase("--cloudflare-apply-migrations", "please", "is not a valid boolean")]
    [TestCase("--replace-assets", "nope", "is not a valid boolean")]
    [TestCase("--vvtv-root", "", "is not a valid path")]
    [TestCase("--max-evidence-age", "a week", "is not a valid duration")]
    [TestCase("--step-timeout-secs", "5s", "is not a valid integer")]
    [TestCase("--workflows-directory", "", "is not a valid path")]
    [TestCase("--verbosity", "Loud", "valid values")]
    [TestCase("--host", "Jenkins", "valid values")]
    public async Task Unconvertible_value(string parameter, string value, string problem)
    {
        // "-" alone would read as the next option; a value that starts with '-' is missing its value.
        var args = value == "-" ? new[] { "Soak", "--plan", parameter } : ["Soak", "--plan", parameter, value];
        var output = await Refused(args, parameter);
        Assert.That(output, Does.Contain(problem));
        Assert.That(output, Does.Not.Contain("Runbook"), "no plan shown");
    }

    // The simulator's fault list is refused by the build before any target, with the simulator's own grammar: a fault
    // test whose fault was silently ignored would pass having injected nothing.
    [TestCase("buffer-critical;stream-disruption", "unknown fault 'buffer-critical;stream-disruption'")]
    [TestCase("Buffer-Critical", "unknown fault 'Buffer-Critical'")]
    [TestCase("slow=abc", "fault 'slow' needs an integer value")]
    [TestCase("bogus", "unknown fault 'bogus'")]
    public async Task Unknown_or_malformed_simulator_fault_is_refused_listing_the_valid_ones(
        string faults, string problem)
    {
        var output = await Refused(["Soak", "--skip"], "VVTV_SIM_FAULTS",
            new Dictionary<string, string> { ["VVTV_SIM_FAULTS"] = faults });
        Assert.That(output, Does.Contain(problem));
        Assert.That(output, Does.Contain("valid faults (comma-separated): buffer-critical, stream-disruption"));
        Assert.That(output, Does.Not.Contain("with the Native engine").And.Not.Contain("samples in "),
            "refused before any target runs");
    }

    [Test]
    public async Task Oversized_value_is_refused_and_named() =>
        await Refused(["Soak", "--plan", "--soak-max-samples", new string('9', 100_000)], "--soak-max-samples");

    [Test]
    public async Task Bad_value_from_the_environment_names_the_parameter() =>
        await Refused(["Soak", "--plan"], "--soak-hours", new Dictionary<string, string> { ["SOAK_HOURS"] = "a day" });

    [Test]
    public async Task Misspelt_parameter_gets_a_suggestion()
    {
        var output = await Refused(["Soak", "--plan", "--soak-hour", "3"], "--soak-hour");
        Assert.That(output, Does.Contain("did you mean '--soak-hours'?"));
    }

    [Test]
    public async Task Missing_profile_is_named() =>
        await Refused(["Soak", "--plan", "--profile", "no-such-profile"], "--profile no-such-profile");

    [Test]
    public async Task Broken_profile_file_is_named_with_its_line()
    {
        var name = "bad-input-" + Guid.NewGuid().ToString("N")[..8];
        var path = Repository.PathOf(".nuke", $"parameters.{name}.json");
        File.WriteAllText(path, "{\n  \"SoakHours\": 1,\n  \"SoakMaxSamples\": \n");
        try
        {
            var output = await Refused(["Soak", "--plan", "--profile", name], $"parameters.{name}.json");
            Assert.That(output, Does.Contain("invalid JSON at line"));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public async Task Profile_value_of_the_wrong_type_names_the_parameter()
    {
        var name = "bad-input-" + Guid.NewGuid().ToString("N")[..8];
        var path = Repository.PathOf(".nuke", $"parameters.{name}.json");
        File.WriteAllText(path, "{ \"SoakIntervalSecs\": \"every minute\" }\n");
        try { await Refused(["Soak", "--plan", "--profile", name], "--soak-interval-secs"); }
        finally { File.Delete(path); }
    }

    // Values that convert but cannot be a workspace: refused by the run before the first target does anything.
    [TestCase("/no/such/vvtv-checkout")]
    [TestCase("/etc/hostname")]
    [TestCase("/tmp")]
    public async Task Vvtv_root_that_is_not_a_workspace(string root) =>
        await Refused(["Test", "--skip", "--vvtv-root", root], "--vvtv-root");

    // Values that convert but that a later target would refuse (the canary's after a 24-hour soak): refused before
    // --plan prints, within the first second, naming the parameter; no run folder is made.
    [TestCase("Soak", "--soak-hours", "-1", "≥ 0")]
    [TestCase("Soak", "--soak-hours", "NaN", "≥ 0")]
    [TestCase("Soak", "--soak-interval-secs", "0", "at least 1")]
    [TestCase("Soak", "--soak-max-samples", "-3", "≥ 0")]
    [TestCase("Soak", "--soak-request-timeout-secs", "NaN", "above 0")]
    [TestCase("Soak", "--soak-request-timeout-secs", "1e308", "above 0")]
    [TestCase("Soak", "--soak-request-timeout-secs", "0", "above 0")]
    [TestCase("Soak", "--soak-boot-timeout-secs", "0", "> 0")]
    [TestCase("Soak", "--soak-max-consecutive-errors", "-1", "≥ 0")]
    [TestCase("Canary", "--canary-soak-hours", "1.5", "whole number")]
    [TestCase("Canary", "--canary-soak-hours", "1e6", "whole number")]
    [TestCase("Canary", "--canary-soak-hours", "-1", "whole number")]
    [TestCase("Canary", "--canary-soak-interval-secs", "0", "at least 1")]
    [TestCase("Canary", "--canary-soak-max-samples", "-1", "must be ≥ 0")]
    [TestCase("Test", "--step-timeout-secs", "0", "at least 1")]
    [TestCase("Release", "--max-evidence-age", "99999999999d", "is not a valid duration")]
    [TestCase("Release", "--max-evidence-age", "0s", "longer than zero")]
    [TestCase("Release", "--evidence-from", " ", "is empty")]
    [TestCase("Release", "--release-version", "v1.2.3", "leading 'v'")]
    [TestCase("Release", "--release-version", ".", "is not a release version")]
    [TestCase("Release", "--release-version", "..", "is not a release version")]
    [TestCase("Release", "--release-version", "a/b", "is not a release version")]
    [TestCase("Release", "--release-version", "1.2.3\u0007", "is not a release version")]
    [TestCase("Release", "--release-version", "1.2", "is not a release version")]
    [TestCase("Release", "--release-version", "01.2.3", "is not a release version")]
    [TestCase("Release", "--github-repository", "just-a-name", "owner/name")]
    [TestCase("Release", "--github-api-url", "ftp://example.com", "http(s)")]
    [TestCase("Release", "--release-run", "../elsewhere", "release-run key")]
    [TestCase("CloudflareVerify", "--cloudflare-d1-state", " ", "is empty")]
    public async Task Out_of_range_value_is_refused_before_the_plan(string target, string parameter, string value,
        string problem)
    {
        // Builds of other tests on the repository's root add run folders too; they wait for this turn.
        using var turn = await RepositoryRunsLock.AcquireAsync();
        var runs = RunFolders();
        var output = await Refused([target, "--skip", "--plan", parameter, value], parameter);
        Assert.That(output, Does.Contain(problem));
        Assert.That(output, Does.Not.Contain("\u0007"), "no control character echoed to the terminal");
        Assert.That(RunFolders(), Is.EquivalentTo(runs), "nothing started: no run folder");
    }

    [Test]
    public async Task Zero_canary_samples_are_refused_before_the_plan()
    {
        var output = await Refused(["Canary", "--skip", "--plan", "--canary-soak-hours", "0",
            "--canary-soak-max-samples", "0"], "asks for zero samples");
        Assert.That(output, Does.Contain("zero samples"));
    }

    // A checkout reached through a symbolic link is the checkout: git names its real folder, and so does the run.
    [Test]
    public async Task Vvtv_root_given_as_a_symbolic_link_to_a_checkout_is_accepted()
    {
        var dir = Directory.CreateTempSubdirectory("vvtv-link-");
        try
        {
            var checkout = Path.Combine(dir.FullName, "checkout");
            Directory.CreateDirectory(Path.Combine(checkout, "scripts"));
            File.WriteAllText(Path.Combine(checkout, "Cargo.toml"), "[workspace]\n");
            File.WriteAllText(Path.Combine(checkout, "scripts", "README"), "scripts\n");
            foreach (var args in new[] { new[] { "init", "-q" }, ["add", "."],
                         ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "checkout"] })
                await Cli.Wrap("git").WithArguments(args).WithWorkingDirectory(checkout).ExecuteBufferedAsync();
            var link = Path.Combine(dir.FullName, "link");
            Directory.CreateSymbolicLink(link, checkout);
            var env = new Dictionary<string, string> { ["VVTV_CONTROL_TOKEN"] = "t0k3n",
                ["VVTV_CONTROL_SECRET"] = "s3cr3t" };
            var (exit, output) = await BuildSh(["Test", "--skip", "--plan", "--vvtv-root", link], env);
            Assert.That(exit, Is.EqualTo(0), output);
            Assert.That(output, Does.Not.Contain("not the top folder of a git checkout"));
        }
        finally { dir.Delete(recursive: true); }
    }

    private static string[] RunFolders() =>
        Directory.Exists(Repository.PathOf("artifacts", "runs"))
            ? Directory.GetDirectories(Repository.PathOf("artifacts", "runs"))
            : [];
}
