using System.Net;
using System.Text;

namespace Engine;

/// <summary>--plan: the ordered plan as text on stdout and an HTML page with a mermaid graph.</summary>
internal static class PlanWriter
{
    private const string MermaidScript = "<script type=\"module\">import mermaid from " +
        "'https://cdn.jsdelivr.net/npm/mermaid@10/dist/mermaid.esm.min.mjs'; " +
        "mermaid.initialize({ startOnLoad: true });</script>";

    private const int NoteIndent = 6;

    /// <summary>
    /// Writes the plan: each target with why it is planned, skipped ones with why they are skipped, and under a
    /// target the note the build gives for it (<paramref name="notes"/> gets the names of the targets that will run).
    /// Lines are wrapped to <paramref name="width"/> as help is.
    /// </summary>
    public static void Write(TextWriter o, AbsolutePath html, IReadOnlyList<ExecutableTarget> all,
        IReadOnlyList<ExecutableTarget> plan, IReadOnlyList<ExecutableTarget> invoked,
        IReadOnlyDictionary<ExecutableTarget, string> skipped,
        Func<IReadOnlySet<string>, IReadOnlyDictionary<string, string>> notes, int width)
    {
        var running = plan.Where(t => !skipped.ContainsKey(t)).Select(t => t.Name).ToHashSet();
        var noteOf = notes(running);
        o.WriteLine("Execution plan:");
        for (var i = 0; i < plan.Count; i++)
        {
            var t = plan[i];
            var why = invoked.Contains(t) ? "invoked" : plan.Any(p => p.Triggers.Contains(t)) ? "triggered"
                : "dependency";
            var skip = skipped.TryGetValue(t, out var reason) ? $"; {reason}" : "";
            var head = $"  {i + 1,2}. {t.Name}";
            foreach (var line in TextWrap.Lines(head, $"({why}{skip})", head.Length + 1, width)) o.WriteLine(line);
            if (noteOf.TryGetValue(t.Name, out var note) && !string.IsNullOrWhiteSpace(note))
                foreach (var paragraph in note.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                foreach (var line in TextWrap.Lines(new string(' ', NoteIndent), paragraph.Trim(), NoteIndent, width))
                    o.WriteLine(line);
        }
        var sb = new StringBuilder();
        sb.AppendLine("graph TD");
        foreach (var t in all.Where(t => !t.Definition.IsUnlisted || plan.Contains(t)))
        {
            sb.AppendLine($"  {t.Name}[\"{t.Name}\"]");
            foreach (var d in t.Dependencies) sb.AppendLine($"  {d.Name} --> {t.Name}");
            foreach (var d in t.OrderedAfter) sb.AppendLine($"  {d.Name} -.-> {t.Name}");
            foreach (var d in t.Triggers) sb.AppendLine($"  {t.Name} ==> {d.Name}");
        }
        foreach (var t in plan)
            sb.AppendLine($"  style {t.Name} fill:{(skipped.ContainsKey(t) ? "#ddd" : "#9f9")},stroke:#333");
        var page = $"""
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>Execution plan</title>
            {MermaidScript}
            </head><body>
            <h1>Execution plan</h1>
            <ol>{string.Concat(plan.Select(t => $"<li>{WebUtility.HtmlEncode(t.Name)}</li>"))}</ol>
            <pre class="mermaid">
            {sb}</pre>
            </body></html>
            """;
        html.WriteAllText(page);
        foreach (var line in TextWrap.Lines("Graph:", html, 2, width)) o.WriteLine(line);
    }
}
