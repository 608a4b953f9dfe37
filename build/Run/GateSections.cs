using Checklist;
using static Checklist.ChecklistItems;

/// <summary>Which target proves which checklist section, and which Go/No-Go items a section's gate decides.</summary>
public static class GateSections
{
    /// <summary>
    /// The Go/No-Go item the Release target checks live at decision time, never adopted from an earlier run.
    /// </summary>
    public const string LiveAlertItem = "gonogo.no-critical-high-alerts";

    /// <summary>
    /// Section → the target whose evidence proves it. The names are the targets' own (a test holds them to the
    /// graph); written out here so nothing below the components reads a component back.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Targets = new Dictionary<string, string>
    {
        [Sections.GoLive] = "GoLive",
        [Sections.Build] = "Test",
        [Sections.Security] = "Security",
        [Sections.Runbook] = "Runbook",
        [Sections.Soak] = "Soak",
        [Sections.Canary] = "Canary",
        [Sections.Promote] = "Promote",
        [Sections.Cloudflare] = "CloudflareVerify",
    };

    /// <summary>The target that decides, bundles and publishes; it proves no section of its own.</summary>
    public const string ReleaseTarget = "Release";

    // The run that proved a section also decided these (they derive from its items and its No-Go findings).
    private static readonly IReadOnlyDictionary<string, string> GoNoGoItems = new Dictionary<string, string>
    {
        ["gonogo.no-soak-failure"] = Sections.Soak,
        ["gonogo.no-stream-regression"] = Sections.Soak,
        ["gonogo.no-auth-failure"] = Sections.Security,
    };

    /// <summary>The checklist items of a gate section.</summary>
    public static IReadOnlyList<string> ItemsOf(string section) =>
        All.Where(i => i.Section == section).Select(i => i.Id).ToList();

    /// <summary>The section items plus the Go/No-Go items decided with them.</summary>
    public static IReadOnlyList<string> DecidedWith(string section) =>
        [.. ItemsOf(section), .. GoNoGoItems.Where(g => g.Value == section).Select(g => g.Key)];
}
