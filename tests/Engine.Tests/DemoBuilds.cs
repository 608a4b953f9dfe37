using Engine;

namespace EngineTests;

/// <summary>Component with a target and a parameter read through TryGetValue.</summary>
internal interface IPack : INukeBuild
{
    [Parameter("How many hours to soak")] int SoakHours => this.TryGetValue<int?>(() => SoakHours) ?? 24;
    Target Pack => _ => _.Description("Packs").DependsOn<IGraphBuild>(x => x.Compile)
        .Executes(() => TestRun.Executed.Add($"Pack:{SoakHours}"));
}

internal interface IGraphBuild : INukeBuild
{
    Target Compile { get; }
}

/// <summary>A small graph: Clean, Restore, Compile, Test, Default, plus component Pack.</summary>
internal class GraphBuild : NukeBuild, IGraphBuild, IPack
{
    [Parameter("Configuration")] public string Configuration = "Debug";
    [Parameter] public bool Fast;
    [Parameter] public int Count = 1;
    [Parameter] public TimeSpan Wait = TimeSpan.Zero;
    [Parameter] public string[] Tags = [];
    [Parameter] public Verbosity Mode = Verbosity.Normal;
    [Parameter, Secret] public string? Token;

    public Target Clean => _ => _.Before(Restore).Executes(() => TestRun.Executed.Add("Clean"));
    public Target Restore => _ => _.Executes(() => TestRun.Executed.Add("Restore"));
    public Target Compile => _ => _.Description("Compiles").DependsOn(Restore)
        .Executes(() => TestRun.Executed.Add($"Compile:{Configuration}"));
    public Target Test => _ => _.DependsOn(Compile).OnlyWhenStatic(() => !Fast)
        .Executes(() => TestRun.Executed.Add("Test"));
    public Target Default => _ => _.DependsOn(Test).TryDependsOn<IPack>(x => x.Pack);
    public Target Report => _ => _.TriggeredBy(Compile).After(Test).Executes(() => TestRun.Executed.Add("Report"));
    public Target Unrelated => _ => _.Executes(() => TestRun.Executed.Add("Unrelated"));
    public Target Show => _ => _.Executes(() =>
        TestRun.Executed.Add($"Show:{string.Join("|", Tags)}:{Count}:{Wait.TotalSeconds}:{Fast}:{Mode}:{Host}"));
}

internal class CycleBuild : NukeBuild
{
    public Target A => _ => _.DependsOn(B).Executes(() => { });
    public Target B => _ => _.DependsOn(C).Executes(() => { });
    public Target C => _ => _.After(A).Executes(() => { });
    public Target Default => _ => _.DependsOn(A);
}

internal class FailureBuild : NukeBuild
{
    [Parameter] public bool Proceed;
    public Target First => _ => _.Executes(() => TestRun.Executed.Add("First"));
    public Target Broken => _ => _.DependsOn(First).ProceedAfterFailure(Proceed)
        .Executes(() => { TestRun.Executed.Add("Broken"); BuildAssert.Fail("disk is full\nsecond line"); });
    public Target Later => _ => _.After(Broken).Executes(() => TestRun.Executed.Add("Later"));
    public Target Cleanup => _ => _.After(Later).AssuredAfterFailure().Executes(() => TestRun.Executed.Add("Cleanup"));
    public Target Default => _ => _.DependsOn(Broken, Later, Cleanup);
}

internal static class DefinitionTestExtensions
{
    public static ITargetDefinition ProceedAfterFailure(this ITargetDefinition d, bool on) =>
        on ? d.ProceedAfterFailure() : d;
}

internal class RequiresBuild : NukeBuild
{
    [Parameter("Where to publish")] public string? PublishUrl;
    [Parameter, Required] public string? ApiKey;
    public bool Ran;
    public Target Publish => _ => _.Requires(() => PublishUrl).Executes(() => TestRun.Executed.Add("Publish"));
    public Target Default => _ => _.DependsOn(Publish);
}

internal class ConditionBuild : NukeBuild
{
    public static bool Flag;
    public Target Prepare => _ => _.Executes(() => TestRun.Executed.Add("Prepare"));
    public Target Check => _ => _.DependsOn(Prepare).OnlyWhenDynamic(() => Flag)
        .Executes(() => TestRun.Executed.Add("Check"));
    public Target Lint => _ => _.DependsOn(Prepare).OnlyWhenStatic(() => Flag).WhenSkipped(DependencyBehavior.Execute)
        .Executes(() => TestRun.Executed.Add("Lint"));
    public Target Default => _ => _.DependsOn(Check);
}

internal class ContinueBuild : NukeBuild
{
    public static int Attempt;
    public static string? Gone;
    public static readonly List<(bool Continue, string Key)> Seen = [];
    protected internal override void OnBuildInitialized() => Seen.Add((Continue, InvocationKey));
    protected internal override string? PreviousAttemptGone() => Gone;
    public Target Step1 => _ => _.Executes(() => TestRun.Executed.Add("Step1"));
    public Target Step2 => _ => _.DependsOn(Step1).Executes(() =>
    {
        TestRun.Executed.Add("Step2");
        if (Attempt == 1) BuildAssert.Fail("flaky");
    });
    public Target Default => _ => _.DependsOn(Step2);
}

/// <summary>Answers --plan's hook: remembers what it was told will run and notes every other target.</summary>
internal class NotedBuild : NukeBuild
{
    public static IReadOnlySet<string>? Running;
    public static bool FailCheck;
    /// <summary>Said after each note (a long one shows how --plan wraps).</summary>
    public static string Detail = "";

    public Target Fetch => _ => _.Executes(() => TestRun.Executed.Add("Fetch"));
    public Target Check => _ => _.DependsOn(Fetch).Executes(() =>
    {
        if (FailCheck) throw new InvalidOperationException("Check fails in this attempt");
        TestRun.Executed.Add("Check");
    });
    public Target Ship => _ => _.DependsOn(Check).Executes(() => TestRun.Executed.Add("Ship"));

    protected internal override IReadOnlyDictionary<string, string> PlanNotes(IReadOnlySet<string> running)
    {
        Running = running;
        return new[] { "Fetch", "Check", "Ship" }.Where(t => !running.Contains(t))
            .ToDictionary(t => t, t => $"{t} would adopt run 42{Detail}");
    }
}
