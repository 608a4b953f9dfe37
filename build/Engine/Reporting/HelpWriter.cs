namespace Engine;

/// <summary>--help: targets with direct dependencies and descriptions, then parameters with descriptions and non-secret defaults.</summary>
internal static class HelpWriter
{
    public static void Write(TextWriter o, NukeBuild build, IReadOnlyList<ExecutableTarget> targets, ParameterService parameters)
    {
        o.WriteLine("Targets (with their direct dependencies):");
        o.WriteLine();
        var listed = targets.Where(t => !t.Definition.IsUnlisted).ToList();
        var width = listed.Select(t => t.Name.Length + (t.IsDefault ? 10 : 0)).DefaultIfEmpty(0).Max() + 2;
        foreach (var t in listed)
        {
            var head = t.Name + (t.IsDefault ? " (default)" : "");
            var deps = t.Dependencies.Count > 0 ? " -> " + string.Join(", ", t.Dependencies.Select(d => d.Name)) : "";
            o.WriteLine($"  {head.PadRight(width)}{t.Definition.DescriptionText}{deps}");
        }
        o.WriteLine();
        o.WriteLine("Parameters:");
        o.WriteLine();
        var all = parameters.Members.Select(p => (p.CommandLineName, p.Description, Default: DefaultOf(p, build)))
            .Concat([
                ("--continue", "Continue a previous run, skipping targets that succeeded", (string?)null),
                ("--help", "Show this help", null),
                ("--host", "Host for logging and CI behaviour (Terminal, GitHubActions)", null),
                ("--no-logo", "Do not print the logo", null),
                ("--plan", "Show the execution plan (text and .nuke/temp/plan.html) without running", null),
                ("--profile", "Parameter profile(s) to load from .nuke/parameters.<name>.json", null),
                ("--root", "Root directory (default: the folder holding .nuke)", null),
                ("--skip", "Targets to skip; without names, every target that was not invoked", null),
                ("--target", "Targets to run", null),
                ("--verbosity", "Quiet, Minimal, Normal or Verbose", null),
            ]).ToList();
        var pw = all.Max(p => p.Item1.Length) + 2;
        foreach (var (name, description, def) in all)
        {
            // A description that already states its default is not repeated.
            var showDefault = def is not null && description?.Contains("Default:", StringComparison.Ordinal) != true;
            o.WriteLine($"  {name.PadRight(pw)}{description}{(showDefault ? $" (default: {def})" : "")}");
        }
    }

    private static string? DefaultOf(ParameterMember p, NukeBuild build)
    {
        if (p.IsSecret) return null;
        try
        {
            var value = p.Read(build);
            return value switch
            {
                null => null,
                string s when s.Length == 0 => null,
                Array a => a.Length == 0 ? null : string.Join(" ", a.Cast<object>()),
                _ => SecretMasker.Global.Mask(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
            };
        }
        catch { return null; } // a default that throws is not worth failing --help for
    }
}
