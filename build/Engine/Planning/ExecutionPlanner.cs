namespace Engine;

/// <summary>Builds the ordered plan: invoked + triggered + DependsOn closure, topologically sorted with
/// declaration-order ties.</summary>
internal static class ExecutionPlanner
{
    public static ExecutableTarget Find(IReadOnlyList<ExecutableTarget> all, string name)
    {
        var n = Names.Normalize(name);
        if (all.FirstOrDefault(t => Names.Normalize(t.Name) == n) is { } hit) return hit;
        var closest = Names.Closest(name, all.Select(t => t.Name));
        throw new PlanException($"unknown target '{name}'{(closest is null ? "" : $"; did you mean '{closest}'?")}" +
                                $"\nvalid targets: {string.Join(", ", all.Select(t => t.Name))}");
    }

    public static List<ExecutableTarget> Plan(IReadOnlyList<ExecutableTarget> all,
        IReadOnlyList<ExecutableTarget> invoked)
    {
        CheckCycles(all);
        var planned = new HashSet<ExecutableTarget>();
        var work = new Stack<ExecutableTarget>(invoked);
        while (work.Count > 0)
        {
            var t = work.Pop();
            if (!planned.Add(t)) continue;
            foreach (var d in t.Dependencies.Concat(t.Triggers)) work.Push(d);
        }

        var order = new List<ExecutableTarget>();
        var done = new HashSet<ExecutableTarget>();
        while (order.Count < planned.Count)
        {
            var next = planned.Where(t => !done.Contains(t)
                && t.Predecessors.All(p => !planned.Contains(p) || done.Contains(p)))
                .MinBy(t => t.Index)!;
            order.Add(next);
            done.Add(next);
        }
        return order;
    }

    private static void CheckCycles(IReadOnlyList<ExecutableTarget> all)
    {
        var state = new Dictionary<ExecutableTarget, int>(); // 1 = on stack, 2 = done
        var stack = new List<ExecutableTarget>();
        foreach (var t in all) Visit(t);

        void Visit(ExecutableTarget t)
        {
            if (state.TryGetValue(t, out var s))
            {
                if (s == 2) return;
                var cycle = stack.Skip(stack.IndexOf(t)).Append(t).Select(x => x.Name);
                throw new PlanException($"circular dependency between targets: {string.Join(" -> ", cycle)}");
            }
            state[t] = 1;
            stack.Add(t);
            foreach (var p in t.Predecessors) Visit(p);
            stack.RemoveAt(stack.Count - 1);
            state[t] = 2;
        }
    }
}
