using CliWrap.Buffered;
using Tests.Shared;

namespace EngineTests;

/// <summary>./build.sh --completion bash|zsh|pwsh, tested by asking each shell's completion to complete.</summary>
/// <remarks>
/// As a user has it, each shell loads the completion script once and is then asked for every case in turn (one Tab
/// after another in one session): one script, one bash and one PowerShell for all cases, each case with its own test.
/// </remarks>
[Parallelizable(ParallelScope.Self)]
public sealed class CompletionTests
{
    private Lazy<Task<Dictionary<string, List<string>>>> _bash = null!;
    private Lazy<Task<Dictionary<string, List<string>>>> _pwsh = null!;

    [OneTimeSetUp]
    public async Task Compile()
    {
        await RepositoryTools.CompileBuild();
        _bash = new(() => CompleteInOneSession("bash", "bash", BashSession));
        _pwsh = new(() => CompleteInOneSession("pwsh", "ps1", PwshSession));
    }

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

    private static IEnumerable<string[]> AllWords => Cases.Select(c => (string[])((object[])c)[0]);

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    // What a case's answer is filed under, and the line each session prints before it.
    private static string Key(string[] words) => string.Join(' ', words.Select(Quote));
    private const string Separator = "--- completion of ";

    [TestCaseSource(nameof(Cases))]
    public async Task Bash_completes_targets_parameters_and_values(string[] words, string[] expected)
    {
        var completions = await _bash.Value;
        Assert.That(completions, Does.ContainKey(Key(words)));
        Assert.That(completions[Key(words)], Is.EquivalentTo(expected));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Pwsh_completes_through_TabExpansion2(string[] words, string[] expected)
    {
        var completions = await _pwsh.Value;
        Assert.That(completions, Does.ContainKey(Key(words)));
        Assert.That(completions[Key(words)], Is.EquivalentTo(expected), PwshLine(words));
    }

    // Each case: COMPREPLY as bash leaves it before it calls the completion function, the words, then the answer.
    private static Task<BufferedCommandResult> BashSession(string file) =>
        RepositoryTools.Run("bash", ["-c", $"source {Quote(file)}; " + string.Concat(AllWords.Select(words =>
            $"printf '%s\\n' {Quote(Separator + Key(words))}; unset COMPREPLY; " +
            $"COMP_WORDS=({string.Join(' ', words.Select(Quote))}); COMP_CWORD={words.Length - 1}; " +
            "_nuke_build_complete; printf '%s\\n' \"${COMPREPLY[@]}\"; "))]);

    private static string PwshLine(string[] words) =>
        string.Join(' ', words.Select((w, i) => i == 0 ? "./build.ps1" : w));

    private static Task<BufferedCommandResult> PwshSession(string file) =>
        RepositoryTools.PwshCommand($". '{file}'; " + string.Concat(AllWords.Select(words =>
            $"'{(Separator + Key(words)).Replace("'", "''")}'; $line = '{PwshLine(words)}'; " +
            "(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | " +
            "ForEach-Object { $_.CompletionText }; ")));

    // The shell's completion script from build.sh, loaded once by one session that is asked every case.
    private static async Task<Dictionary<string, List<string>>> CompleteInOneSession(string shell, string extension,
        Func<string, Task<BufferedCommandResult>> session)
    {
        var script = await RepositoryTools.Run(Repository.PathOf("build.sh"), ["--completion", shell]);
        Assert.That(script.ExitCode, Is.EqualTo(0), script.StandardError);
        var file = Path.Combine(Path.GetTempPath(), $"engine-completion-{Guid.NewGuid():N}.{extension}");
        try
        {
            File.WriteAllText(file, script.StandardOutput);
            var result = await session(file);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.StandardError);
            var completions = new Dictionary<string, List<string>>();
            List<string>? current = null;
            foreach (var line in Lines(result.StandardOutput))
            {
                if (line.StartsWith(Separator, StringComparison.Ordinal))
                    completions[line[Separator.Length..]] = current = [];
                else (current ?? throw new AssertionException($"output before the first case: {line}")).Add(line);
            }
            return completions;
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
