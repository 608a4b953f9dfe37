using CliWrap;
using Engine;

namespace EngineTests;

/// <summary>ProcessOptions narrow what a child inherits; read back from the child's own environment.</summary>
[NonParallelizable]
public sealed class ProcessEnvironmentTests
{
    private const string Token = "ENGINE_TEST_GITHUB_TOKEN";
    private const string Plain = "ENGINE_TEST_PLAIN";

    [SetUp]
    public void Set()
    {
        Environment.SetEnvironmentVariable(Token, "ghp_engine_test_secret_value");
        Environment.SetEnvironmentVariable(Plain, "plain");
        SecretMasker.Global.Register("ghp_engine_test_secret_value");
    }

    [TearDown]
    public void Unset()
    {
        Environment.SetEnvironmentVariable(Token, null);
        Environment.SetEnvironmentVariable(Plain, null);
    }

    private static async Task<List<string>> NamesSeenByChild(ProcessOptions options, Command? command = null)
    {
        var result = await (command ?? Cli.Wrap("env")).ExecuteGroupAsync(options);
        Assert.That(result.ExitCode, Is.EqualTo(0));
        return [.. result.StdOut.Select(l => l.Split('=')[0])];
    }

    [Test]
    public async Task By_default_the_child_inherits_everything_but_the_secrets()
    {
        Assert.That(await NamesSeenByChild(ProcessOptions.Default), Does.Not.Contain(Token).And.Contain(Plain));
        var inheritAll = new ProcessOptions { RemoveSecretVariables = false };
        Assert.That(await NamesSeenByChild(inheritAll), Does.Contain(Token).And.Contain(Plain));
    }

    [Test]
    public async Task A_removed_variable_is_not_inherited()
    {
        var names = await NamesSeenByChild(new ProcessOptions { RemoveVariables = [Token] });
        Assert.That(names, Does.Not.Contain(Token).And.Contain(Plain));
    }

    [Test]
    public async Task Variables_holding_a_secret_are_not_inherited_unless_set_on_the_command()
    {
        var options = new ProcessOptions { RemoveSecretVariables = true };
        Assert.That(await NamesSeenByChild(options), Does.Not.Contain(Token).And.Contain(Plain));
        var given = Cli.Wrap("env").WithEnvironmentVariables(e => e.Set(Token, "ghp_engine_test_secret_value"));
        Assert.That(await NamesSeenByChild(options, given), Does.Contain(Token));
    }

    [Test]
    public async Task An_allow_list_keeps_only_the_named_variables_and_those_set_on_the_command()
    {
        var command = Cli.Wrap("env").WithEnvironmentVariables(e => e.Set("ENGINE_TEST_OWN", "own"));
        var names = await NamesSeenByChild(new ProcessOptions { AllowVariables = ["PATH", Plain] }, command);
        Assert.That(names, Is.EquivalentTo(new[] { "PATH", Plain, "ENGINE_TEST_OWN" }));
    }

    [Test]
    public async Task A_background_process_gets_the_same_narrowed_environment()
    {
        var file = Path.Combine(Path.GetTempPath(), $"engine-env-{Guid.NewGuid():N}.txt");
        try
        {
            var options = new ProcessOptions { RemoveVariables = [Plain], RemoveSecretVariables = false };
            await using (var process = Cli.Wrap("env").StartGroup(file, options))
                await process.Completion;
            var names = File.ReadAllLines(file).Select(l => l.Split('=')[0]).ToList();
            Assert.That(names, Does.Not.Contain(Plain).And.Contain(Token));
        }
        finally { File.Delete(file); }
    }
}
