using Serilog;

namespace Engine;

/// <summary>Writes and checks the files of <see cref="GitHubWorkflow"/> declarations
/// (<c>.github/workflows/&lt;name&gt;.yml</c>).</summary>
public static class GitHubWorkflows
{
    /// <summary>The text of one workflow file; <paramref name="generatedBy"/> names the command in the header
    /// ("./build.sh Workflows").</summary>
    public static string Render(NukeBuild build, GitHubWorkflow workflow, string generatedBy) =>
        WorkflowGenerator.Render(build, workflow, generatedBy);

    /// <summary>Writes each workflow to <c>&lt;directory&gt;/&lt;name&gt;.yml</c> (only when its text changed) and
    /// returns the files.</summary>
    public static IReadOnlyList<AbsolutePath> Write(NukeBuild build, AbsolutePath directory, string generatedBy,
        params GitHubWorkflow[] workflows)
    {
        var files = Files(build, directory, generatedBy, workflows);
        foreach (var (path, text) in files)
        {
            if (path.FileExists() && path.ReadAllText() == text) { Log.Information("{Path:l} is up to date",
                path); continue; }
            path.WriteAllText(text);
            Log.Information("wrote {Path:l}", path);
        }
        return files.Select(f => f.Path).ToList();
    }

    /// <summary>Files under <paramref name="directory"/> that are missing or differ from what <see cref="Write"/> would
    /// write.</summary>
    public static IReadOnlyList<AbsolutePath> Stale(NukeBuild build, AbsolutePath directory, string generatedBy,
        params GitHubWorkflow[] workflows) =>
        Files(build, directory, generatedBy, workflows)
            .Where(f => !f.Path.FileExists() || f.Path.ReadAllText() != f.Text).Select(f => f.Path).ToList();

    private static List<(AbsolutePath Path, string Text)> Files(NukeBuild build, AbsolutePath directory,
        string generatedBy, GitHubWorkflow[] workflows)
    {
        if (workflows.GroupBy(w => w.Name, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidOperationException($"two workflows are named '{twice.Key}'");
        return workflows.Select(w => (directory / $"{w.Name}.yml", WorkflowGenerator.Render(build, w, generatedBy)))
            .ToList();
    }
}
