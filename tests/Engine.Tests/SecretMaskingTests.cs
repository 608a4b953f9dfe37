using Engine;

namespace EngineTests;

/// <summary>Secrets are known before the first target runs and masked whatever their length.</summary>
public sealed class SecretMaskingTests
{
    [Test]
    public void A_short_secret_is_masked_as_a_whole_token_only()
    {
        var masker = new SecretMasker();
        masker.Register("q7");
        Assert.That(masker.Mask("token=q7 sent"), Is.EqualTo("token=**** sent"));
        Assert.That(masker.Mask("\"q7\""), Is.EqualTo("\"****\""));
        // Inside a longer word it is left alone, so a one- or two-letter secret does not shred the log.
        Assert.That(masker.Mask("q7x7 aq7 frequency"), Is.EqualTo("q7x7 aq7 frequency"));
    }

    [Test]
    public void A_one_character_secret_is_masked()
    {
        var masker = new SecretMasker();
        masker.Register("7");
        Assert.That(masker.Mask("pin 7, build 17"), Is.EqualTo("pin ****, build 17"));
    }

    [Test]
    public void A_secret_of_four_characters_or_more_is_masked_anywhere()
    {
        var masker = new SecretMasker();
        masker.Register("abcd");
        Assert.That(masker.Mask("xabcdx"), Is.EqualTo("x****x"));
        Assert.That(masker.Reveals("..abcd.."), Is.True);
        Assert.That(masker.Reveals("abc"), Is.False);
    }

    [Test]
    public void A_secret_in_two_clashing_variables_is_masked_though_neither_is_used()
    {
        using var run = new TestRun();
        run.Env["TOKEN"] = "clash-one-value";
        run.Env["NUKE_TOKEN"] = "clash-two-value";
        var (_, output) = run.Run<EchoBuild>("Echo");
        Assert.That(output, Does.Contain("both match"));
        Assert.That(output, Does.Not.Contain("clash-one-value").And.Not.Contain("clash-two-value"));
        Assert.That(output, Does.Contain("echo: **** and ****"));
    }

    [Test]
    public void A_secret_in_a_profile_is_masked_before_any_target_reads_it()
    {
        using var run = new TestRun();
        (run.Root / ".nuke" / "parameters.json").WriteAllText("""{ "Token": "z9" }""");
        var (_, output) = run.Run<EchoBuild>("Echo");
        // Echo prints the variables' values, never reading the parameter: it was registered up front anyway.
        Assert.That(output, Does.Contain("file secret: ****"));
    }
}

internal class EchoBuild : NukeBuild
{
    [Parameter, Secret] public string? Token;
    public Target Echo => _ => _.Executes(() =>
    {
        Serilog.Log.Information("echo: clash-one-value and clash-two-value");
        Serilog.Log.Information("file secret: z9");
    });
}
