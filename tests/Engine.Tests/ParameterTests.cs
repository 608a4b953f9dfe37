using Engine;

namespace EngineTests;

public sealed class ParameterTests
{
    private TestRun _run = null!;
    [SetUp] public void SetUp() => _run = new TestRun();
    [TearDown] public void TearDown() => _run.Dispose();

    [Test]
    public void Argument_beats_env_beats_profile_beats_parameters_json_beats_default()
    {
        _run.Run<GraphBuild>("Compile");
        Assert.That(TestRun.Executed, Does.Contain("Compile:Debug"));

        (_run.Root / ".nuke" / "parameters.json").WriteAllText("""{ "$schema": "./build.schema.json", "Configuration": "FromJson" }""");
        _run.Run<GraphBuild>("Compile");
        Assert.That(TestRun.Executed, Does.Contain("Compile:FromJson"));

        (_run.Root / ".nuke" / "parameters.ci.json").WriteAllText("""{ "Configuration": "FromProfile" }""");
        _run.Run<GraphBuild>("Compile", "--profile", "ci");
        Assert.That(TestRun.Executed, Does.Contain("Compile:FromProfile"));

        _run.Env["CONFIGURATION"] = "FromEnv";
        _run.Run<GraphBuild>("Compile", "--profile", "ci");
        Assert.That(TestRun.Executed, Does.Contain("Compile:FromEnv"));

        _run.Run<GraphBuild>("Compile", "--profile", "ci", "--configuration", "FromArg");
        Assert.That(TestRun.Executed, Does.Contain("Compile:FromArg"));
    }

    [Test]
    public void Component_parameter_reads_dashed_and_pascal_forms_last_occurrence_wins()
    {
        _run.Run<GraphBuild>("Pack", "--soak-hours", "3", "--SoakHours", "5");
        Assert.That(TestRun.Executed, Does.Contain("Pack:5"));
        _run.Env["NUKE_SOAK_HOURS"] = "7";
        _run.Run<GraphBuild>("Pack");
        Assert.That(TestRun.Executed, Does.Contain("Pack:7"));
    }

    [Test]
    public void Two_matching_environment_variables_warn_and_use_neither()
    {
        _run.Env["SOAK_HOURS"] = "2";
        _run.Env["NUKE_SOAKHOURS"] = "9";
        var (_, output) = _run.Run<GraphBuild>("Pack");
        Assert.That(TestRun.Executed, Does.Contain("Pack:24"));
        Assert.That(output, Does.Contain("both match; using neither"));
    }

    [Test]
    public void Builtins_are_not_read_from_plain_environment_variables()
    {
        _run.Env["TARGET"] = "Unrelated";
        _run.Run<GraphBuild>("Restore");
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Restore" }));
        _run.Env["NUKE_TARGET"] = "Unrelated";
        _run.Run<GraphBuild>();
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Unrelated" }));
    }

    [TestCase("--count", "abc", "--count: 'abc' is not a valid integer")]
    [TestCase("--wait", "soon", "--wait: 'soon' is not a valid duration")]
    [TestCase("--mode", "loud",
        "--mode: 'loud' is not a valid Verbosity; valid values: Quiet, Minimal, Normal, Verbose")]
    [TestCase("--soak-hours", "x", "--soak-hours: 'x' is not a valid integer")]
    public void Conversion_errors_name_the_parameter(string name, string value, string message)
    {
        var (exit, output) = _run.Run<GraphBuild>("Pack", name, value);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain(message));
        Assert.That(TestRun.Executed, Is.Empty);
    }

    [Test]
    public void Unknown_parameter_suggests_closest()
    {
        var (exit, output) = _run.Run<GraphBuild>("--configuratoin", "x");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output,
            Does.Contain("unknown parameter '--configuratoin'; did you mean '--configuration'?").And.Contain("--soak-hours"));
    }

    [TestCase("90s", 90)]
    [TestCase("5m", 300)]
    [TestCase("1h30m", 5400)]
    [TestCase("01:00:05", 3605)]
    public void Durations_parse(string text, int seconds) =>
        Assert.That(ValueConverter.ParseDuration(text), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [Test]
    public void Requires_and_Required_fail_fast_naming_command_line_parameters()
    {
        var (exit, output) = _run.Run<RequiresBuild>();
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output,
            Does.Contain("missing required parameter --api-key").And.Contain("target Publish requires --publish-url"));
        Assert.That(TestRun.Executed, Is.Empty);
        (exit, output) = _run.Run<RequiresBuild>("--api-key", "k123", "--publish-url", "https://x");
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Publish" }));
    }

    [Test]
    public void Arrays_take_values_to_the_next_dash_token_negative_numbers_and_bare_bool()
    {
        var (exit, output) = _run.Run<GraphBuild>("Show", "--tags", "a", "b c", "--count", "-5", "--wait", "1h30m",
            "--fast", "--mode", "verbose");
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Show:a|b c:-5:5400:True:Verbose:Terminal" }));
        (_run.Root / ".nuke" / "build.schema.json").DeleteFile();
        _run.Env["TAGS"] = "x y";
        _run.Env["GITHUB_ACTIONS"] = "true";
        _run.Run<GraphBuild>("Show");
        Assert.That(TestRun.Executed, Is.EqualTo(new[] { "Show:x|y:1:0:False:Normal:GitHubActions" }));
        Assert.That((_run.Root / ".nuke" / "build.schema.json")
            .FileExists(), Is.False, "server builds do not write the schema");
    }

    [Test]
    public void Bad_profile_is_a_clear_error()
    {
        var (exit, output) = _run.Run<GraphBuild>("Restore", "--profile", "nope");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("--profile nope").And.Contain("parameters.nope.json does not exist"));
    }
}
