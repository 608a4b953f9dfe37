namespace Engine;

/// <summary>What a built-in parameter takes: help, the schema and completion describe each kind the same way.</summary>
internal enum BuiltInKind { Flag, Targets, Host, Verbosity, Profiles, Path, Shell }

/// <summary>
/// A parameter the engine itself reads (--target, --skip, --verbosity…), as help, schema and completion show it.
/// </summary>
internal sealed record BuiltInParameter(string Name, BuiltInKind Kind, string Description, bool InFiles = true)
{
    /// <summary>Every built-in, in the order help lists them.</summary>
    public static IReadOnlyList<BuiltInParameter> All { get; } =
    [
        new("completion", BuiltInKind.Shell,
            "Print a completion script for bash, zsh or pwsh (source <(./build.sh --completion bash))", InFiles: false),
        new("continue", BuiltInKind.Flag, "Continue a previous run, skipping targets that succeeded"),
        new("help", BuiltInKind.Flag, "Show this help", InFiles: false),
        new("host", BuiltInKind.Host,
            "Host for logging and CI behaviour. Default: GitHubActions when GITHUB_ACTIONS=true, else Terminal"),
        new("no-logo", BuiltInKind.Flag, "Do not print the banner line"),
        new("plan", BuiltInKind.Flag, "Show the execution plan (text and .nuke/temp/plan.html) without running",
            InFiles: false),
        new("profile", BuiltInKind.Profiles, "Parameter profiles to load from .nuke/parameters.<name>.json"),
        new("root", BuiltInKind.Path, "Root directory. Default: the nearest folder upwards holding .nuke",
            InFiles: false),
        new("skip", BuiltInKind.Targets, "Targets to skip; without names, every target that was not invoked"),
        new("target", BuiltInKind.Targets, "Targets to run"),
        new("verbosity", BuiltInKind.Verbosity,
            "Quiet, Minimal, Normal or Verbose (adds stack traces to expected errors). Default: Normal"),
    ];

    public string CommandLineName => "--" + Name;

    /// <summary>PascalCase key in .nuke/parameters*.json and the schema ("no-logo" is "NoLogo").</summary>
    public string FileKey => string.Concat(Name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
