namespace Engine;

/// <summary>The build as components see it: root, temp directory, host and cancellation.</summary>
public interface INukeBuild
{
    AbsolutePath RootDirectory { get; }
    /// <summary>The <c>.nuke/temp</c> directory under the root.</summary>
    AbsolutePath TemporaryDirectory { get; }
    bool IsLocalBuild { get; }
    bool IsServerBuild { get; }
    Host Host { get; }
    /// <summary>Cancelled on Ctrl-C / SIGTERM.</summary>
    CancellationToken CancellationToken { get; }
    /// <summary>True when --continue resumes the previous attempt of the same command line.</summary>
    bool Continue { get; }
    /// <summary>Identifies the command line (targets and parameters, not --continue nor secret values); equal across
    /// attempts, set before OnBuildInitialized.</summary>
    string InvocationKey { get; }
}
