using Engine;

namespace EngineTests;

internal interface IPipelineSoak : INukeBuild
{
    [Parameter("Soak hours")] double? SoakHours => this.TryGetValue<double?>(() => SoakHours);
    Target Soak => _ => _.DependsOn<IPipelineBuild>(x => x.Check).Executes(() => { });
}

internal interface IPipelineBuild : INukeBuild
{
    Target Check { get; }
}

/// <summary>A release-shaped graph (Compile, Check, Soak, Publish) whose Workflows target writes the declarations a
/// test sets.</summary>
internal class PipelineBuild : NukeBuild, IPipelineBuild, IPipelineSoak
{
    /// <summary>What the Workflows target generates; set by each test.</summary>
    public static Func<PipelineBuild, GitHubWorkflow[]> Declare { get; set; } = _ => [];

    [Parameter("Version to publish")] public string? PublishVersion;
    [Parameter, Secret] public string? ApiToken;

    public Target Compile => _ => _.Executes(() => { });
    public Target Check => _ => _.DependsOn(Compile).Produces(RootDirectory / "out" / "check").Executes(() => { });
    public Target Publish => _ => _.DependsOn<IPipelineSoak>(x => x.Soak).Produces("out/packages/*.nupkg")
        .Executes(() => { });
    public Target Unrelated => _ => _.Executes(() => { });
    public Target Tidy => _ => _.TriggeredBy(Check).Before(Publish).AssuredAfterFailure().Executes(() => { });

    public Target Workflows => _ => _
        .Executes(() => GitHubWorkflows.Write(this, RootDirectory / ".github" / "workflows", "./build.sh Workflows",
            Declare(this)));
}
