using Engine;

namespace EngineTests;

/// <summary>.nuke/parameters*.json: a misspelt key is refused as the same typo on the command line is.</summary>
public sealed class ParameterFileTests
{
    private TestRun _run = null!;
    [SetUp] public void SetUp() => _run = new TestRun();
    [TearDown] public void TearDown() => _run.Dispose();

    [Test]
    public void A_misspelt_key_in_parameters_json_is_refused_with_did_you_mean()
    {
        (_run.Root / ".nuke" / "parameters.json")
            .WriteAllText("""{ "$schema": "./build.schema.json", "Configuraton": "X" }""");
        var (exit, output) = _run.Run<GraphBuild>("Compile");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("parameters.json: unknown key 'Configuraton'; did you mean 'Configuration'?"));
        Assert.That(TestRun.Executed, Is.Empty);
    }

    [Test]
    public void A_misspelt_key_in_a_profile_is_refused_with_did_you_mean_even_for_plan()
    {
        (_run.Root / ".nuke" / "parameters.ci.json").WriteAllText("""{ "SoakHour": 3 }""");
        var (exit, output) = _run.Run<GraphBuild>("Pack", "--plan", "--profile", "ci");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("parameters.ci.json: unknown key 'SoakHour'; did you mean 'SoakHours'?"));
    }

    [Test]
    public void Built_ins_in_a_file_are_read_and_command_line_only_ones_are_refused()
    {
        (_run.Root / ".nuke" / "parameters.json").WriteAllText("""{ "Verbosity": "Quiet", "Skip": ["Restore"] }""");
        var (exit, output) = _run.Run<GraphBuild>("Compile");
        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(TestRun.Executed, Does.Contain("Compile:Debug").And.Not.Contain("Restore"), "Skip from the file");
        Assert.That(output, Does.Not.Contain("═══ Compile"), "Quiet from the file hides target headers");

        (_run.Root / ".nuke" / "parameters.json").WriteAllText("""{ "Root": "/elsewhere" }""");
        (exit, output) = _run.Run<GraphBuild>("Compile");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("key 'Root' can only be given on the command line (--root)"));
    }

    [Test]
    public void The_default_file_can_name_the_profiles_to_load()
    {
        (_run.Root / ".nuke" / "parameters.json").WriteAllText("""{ "Profile": ["ci"] }""");
        (_run.Root / ".nuke" / "parameters.ci.json").WriteAllText("""{ "Configuration": "FromCiProfile" }""");
        _run.Run<GraphBuild>("Compile");
        Assert.That(TestRun.Executed, Does.Contain("Compile:FromCiProfile"));
    }
}
