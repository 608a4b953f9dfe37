namespace Engine;

/// <summary>Spreads a skip to dependencies that no running target needs (unless a skipped target says
/// WhenSkipped(Execute)).</summary>
internal static class SkipCascade
{
    public static void Apply(List<ExecutableTarget> plan, List<ExecutableTarget> invoked, Dictionary<ExecutableTarget,
        string> skipped)
    {
        var reached = new HashSet<ExecutableTarget>();
        var work = new Stack<ExecutableTarget>(invoked);
        while (work.Count > 0)
        {
            var t = work.Pop();
            if (!reached.Add(t)) continue;
            var runs = !skipped.ContainsKey(t);
            if (runs || t.Definition.SkipBehavior == DependencyBehavior.Execute)
                foreach (var d in t.Dependencies) work.Push(d);
            // A skipped target does not run, so it triggers nothing.
            if (runs) foreach (var d in t.Triggers) work.Push(d);
        }
        foreach (var t in plan.Where(t => !reached.Contains(t) && !skipped.ContainsKey(t)))
        {
            var by = plan.Where(s => skipped.ContainsKey(s) && (s.Dependencies.Contains(t) || s.Triggers.Contains(t)))
                .Select(s => s.Name).ToList();
            skipped[t] = by.Count > 0 ? $"only needed by skipped {string.Join(", ", by)}"
                : "only needed by skipped targets";
        }
    }
}
