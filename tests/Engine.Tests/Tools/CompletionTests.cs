using Tests.Shared;

namespace EngineTests;

/// <summary>./build.sh --completion bash|zsh|pwsh, tested by asking each shell's completion to complete.</summary>
[NonParallelizable]
public sealed class CompletionTests
{
    [OneTimeSetUp] public Task Compile() => RepositoryTools.CompileBuild();

    // (words typed, cursor word index) → what completion must offer; the last word is the one being completed.
    private static readonly object[] Cases =
    [
        new object[] { new[] { "./build.sh", "Sec" }, new[] { "Security" } },
        new object[] { new[] { "./build.sh", "Soak", "--soak-ho" }, new[] { "--soak-hours" } },
        new object[] { new[] { "./build.sh", "--verbosity", "V" }, new[] { "Verbose" } },
        new object[]
        {
            new[] { "./build.sh", "Release", "--skip", "Test", "C" }, new[] { "Canary", "Cleanup", "CloudflareVerify" },
        },
        new object[] { new[] { "./build.sh", "--host", "" }, new[] { "GitHubActions", "Terminal" } },
        new object[] { new[] { "./build.sh", "--soak-engine", "N" }, new[] { "Native" } },
    ];

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    [TestCaseSource(nameof(Cases))]
    public async Task Bash_completes_targets_parameters_and_values(string[] words, string[] expected)
    {
        var script = await RepositoryTools.Run(Repository.PathOf("build.sh"), ["--completion", "bash"]);
        Assert.That(script.ExitCode, Is.EqualTo(0), script.StandardError);
        var file = Path.Combine(Path.GetTempPath(), $"engine-completion-{Guid.NewGuid():N}.bash");
        try
        {
            File.WriteAllText(file, script.StandardOutput);
            var call = $"source {Quote(file)}; COMP_WORDS=({string.Join(' ', words.Select(Quote))}); " +
                       $"COMP_CWORD={words.Length - 1}; _nuke_build_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"";
            var result = await RepositoryTools.Run("bash", ["-c", call]);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
            Assert.That(Lines(result.StandardOutput), Is.EquivalentTo(expected));
        }
        finally { File.Delete(file); }
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Pwsh_completes_through_TabExpansion2(string[] words, string[] expected)
    {
        var script = await RepositoryTools.Run(Repository.PathOf("build.sh"), ["--completion", "pwsh"]);
        Assert.That(script.ExitCode, Is.EqualTo(0), script.StandardError);
        var file = Path.Combine(Path.GetTempPath(), $"engine-completion-{Guid.NewGuid():N}.ps1");
        try
        {
            File.WriteAllText(file, script.StandardOutput);
            var line = string.Join(' ', words.Select((w, i) => i == 0 ? "./build.ps1" : w));
            var command = $". '{file}'; $line = '{line}'; " +
                          "(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | " +
                          "ForEach-Object { $_.CompletionText }";
            var result = await RepositoryTools.PwshCommand(command);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
            Assert.That(Lines(result.StandardOutput), Is.EquivalentTo(expected), line);
        }
        finally { File.Delete(file); }
    }

    [Test]
    public async Task An_unknown_shell_is_refused_naming_the_valid_ones()
    {
        var result = await RepositoryTools.Run(Repository.PathOf("build.sh"), ["--completion", "fish"]);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardOutput, Does.Contain("'fish'").And.Contain("bash, zsh, pwsh"));
    }

    [Test]
    public async Task The_zsh_script_loads_bash_completion_support_and_defines_the_same_function()
    {
        var result = await RepositoryTools.Run(Repository.PathOf("build.sh"), ["--completion", "zsh"]);
        Assert.That(result.StandardOutput, Does.Contain("bashcompinit").And.Contain("_nuke_build_complete()"));
        // zsh itself is not on this machine; bash runs the same function body.
        var bash = await RepositoryTools.Run("bash", ["-c",
            result.StandardOutput.Replace("autoload -U +X bashcompinit && bashcompinit", "") +
            "\nCOMP_WORDS=(./build.sh Rel); COMP_CWORD=1; _nuke_build_complete; echo \"${COMPREPLY[@]}\""]);
        Assert.That(bash.StandardOutput.Trim(), Is.EqualTo("Release"));
    }

    private static List<string> Lines(string s) =>
        [.. s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
