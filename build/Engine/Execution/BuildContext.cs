namespace Engine;

/// <summary>Per-run state the build instance reads through <see cref="NukeBuild"/>.</summary>
internal sealed class BuildContext(AbsolutePath root, Host host, CancellationToken cancellation,
    ParameterService parameters)
{
    public AbsolutePath Root { get; } = root;
    public Host Host { get; } = host;
    public CancellationToken Cancellation { get; } = cancellation;
    public ParameterService Parameters { get; } = parameters;
    public List<TargetResult> Results { get; } = [];
    public bool Continue { get; set; }
    public string InvocationKey { get; set; } = "";
    /// <summary>Log groups, annotations and summary of the host (GitHub Actions), none on a terminal.</summary>
    public HostOutput Output { get; set; } = new();
}
