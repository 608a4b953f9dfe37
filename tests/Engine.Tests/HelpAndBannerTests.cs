using CliWrap;
using CliWrap.Buffered;
using Engine;

namespace EngineTests;

/// <summary>A build whose descriptions run long, and that names what it works on through the banner hook.</summary>
internal class WordyBuild : NukeBuild
{
    public static string? Details;
    protected internal override string? BannerDetails() => Details ?? throw new InvalidOperationException("no details");

    [Parameter("A parameter whose description goes on and on, far past any reasonable terminal width, to show that " +
               "help wraps it onto more lines that all start in the description column instead of running off")]
    public string Wordy = "value";
    [Parameter("Says its own default. Default: computed at run time")] public string? Explained;

    public Target First => _ => _
        .Description("The first target, also described at such length that one line of a hundred columns cannot " +
                     "hold it and help has to wrap it")
        .Executes(() => { });
    public Target Second => _ => _.DependsOn(First).Description("Short").Executes(() => { });
}

public sealed class HelpAndBannerTests
{
    private TestRun _run = null!;
    [SetUp] public void SetUp() { _run = new TestRun(); WordyBuild.Details = null; }
    [TearDown] public void TearDown() => _run.Dispose();

    [Test]
    public void Help_piped_wraps_at_100_columns_with_descriptions_indented_under_their_target()
    {
        var (exit, output) = _run.Run<WordyBuild>("--help");
        Assert.That(exit, Is.EqualTo(0));
        var lines = output.Split('\n');
        Assert.That(lines.Where(l => l.Length > HelpWriter.PipedWidth), Is.Empty);
        var first = Array.IndexOf(lines, "  First");
        Assert.That(first, Is.GreaterThan(0), output);
        Assert.That(lines[first + 1], Does.StartWith("      The first target"));
        Assert.That(lines[first + 2], Does.StartWith("      ").And.Contains("wrap it"));
        Assert.That(lines, Does.Contain("  Second -> First"));
        Assert.That(output, Does.Contain("Default: value")
            .And.Contain("Says its own default. Default: computed at run time"));
        Assert.That(output, Does.Not.Contain("Default: computed at run time. Default"));
    }

    [Test]
    public void Wrapped_parameter_lines_continue_in_the_description_column()
    {
        var (_, output) = _run.Run<WordyBuild>("--help");
        var lines = output.Split('\n').ToList();
        var wordy = lines.FindIndex(l => l.StartsWith("  --wordy"));
        var column = lines[wordy].IndexOf("A parameter", StringComparison.Ordinal);
        Assert.That(column, Is.GreaterThan("  --wordy".Length));
        Assert.That(lines[wordy + 1][..column], Is.EqualTo(new string(' ', column)));
        Assert.That(lines[wordy + 1][column], Is.Not.EqualTo(' '));
    }

    [Test]
    public void Every_run_starts_with_the_banner_naming_the_build_and_what_the_hook_adds()
    {
        WordyBuild.Details = "Widget 1a2b3c4";
        foreach (var args in new[] { new[] { "--help" }, ["--plan"], ["Second"] })
        {
            var (_, output) = _run.Run<WordyBuild>(args);
            var banner = output.Split('\n')[0];
            Assert.That(banner, Does.StartWith("WordyBuild ").And.EndWith(", Widget 1a2b3c4"), string.Join(" ", args));
        }
    }

    [Test]
    public void Without_the_hook_the_banner_has_no_placeholder_and_a_throwing_hook_is_ignored()
    {
        var (exit, output) = _run.Run<WordyBuild>("Second");
        Assert.That(exit, Is.EqualTo(0), output);
        var banner = output.Split('\n')[0];
        // The temp root is no git checkout; the line still says so plainly, and nothing stands in for the details.
        Assert.That(banner, Does.Match(@"^WordyBuild \d+\.\d+\.\d+[^,]*, not a git checkout$"));
    }

    [Test]
    public void Banner_names_the_commit_of_a_git_checkout()
    {
        Git("init", "-q", "-b", "main");
        File.WriteAllText(_run.Root / "file.txt", "x");
        Git("add", "file.txt");
        Git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "one");
        var head = Git("rev-parse", "HEAD").Trim();
        var (_, output) = _run.Run<WordyBuild>("--help");
        Assert.That(output.Split('\n')[0], Does.Contain($"commit {head[..12]}"));

        // Packed refs (as after git gc) are read too.
        Git("pack-refs", "--all");
        Assert.That((_run.Root / ".git" / "refs" / "heads" / "main").FileExists(), Is.False);
        (_, output) = _run.Run<WordyBuild>("--help");
        Assert.That(output.Split('\n')[0], Does.Contain($"commit {head[..12]}"));
    }

    private string Git(params string[] args) =>
        Cli.Wrap("git").WithArguments(args).WithWorkingDirectory(_run.Root).ExecuteBufferedAsync()
            .GetAwaiter().GetResult().StandardOutput;
}
