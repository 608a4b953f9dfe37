using System.Linq.Expressions;

namespace Engine;

/// <summary>Records what a target's lambda declared; resolved into the graph by the planner.</summary>
internal sealed class TargetDefinition(object build) : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Edge> Edges { get; } = [];
    public List<(Func<bool> Condition, string Text)> StaticConditions { get; } = [];
    public List<(Func<bool> Condition, string Text)> DynamicConditions { get; } = [];
    public List<LambdaExpression> RequiredMembers { get; } = [];
    public List<Expression<Func<bool>>> RequiredConditions { get; } = [];
    public DependencyBehavior SkipBehavior { get; private set; } = DependencyBehavior.Skip;
    public bool Proceed { get; private set; }
    public bool Assured { get; private set; }
    public bool IsUnlisted { get; private set; }
    public List<string> Products { get; } = [];
    public List<Func<CancellationToken, Task>> Actions { get; } = [];

    public ITargetDefinition Description(string description) { DescriptionText = description; return this; }

    private ITargetDefinition Add(EdgeKind kind, Target[] targets)
    {
        foreach (var t in targets) Edges.Add(new Edge(kind, t
            ?? throw new ArgumentNullException(nameof(targets), $"null target in {kind}")));
        return this;
    }

    private ITargetDefinition AddComponent<T>(EdgeKind kind, Func<T, Target>[] targets, bool optional)
    {
        if (build is not T component)
        {
            if (optional) return this;
            throw new InvalidOperationException($"{kind}<{typeof(T).Name}>: the build does not implement " +
                $"{typeof(T).Name}");
        }
        return Add(kind, targets.Select(f => f(component)).ToArray());
    }

    public ITargetDefinition DependsOn(params Target[] targets) => Add(EdgeKind.DependsOn, targets);
    public ITargetDefinition DependsOn<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.DependsOn, targets, false);
    public ITargetDefinition TryDependsOn<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.DependsOn, targets, true);
    public ITargetDefinition DependentFor(params Target[] targets) => Add(EdgeKind.DependentFor, targets);
    public ITargetDefinition DependentFor<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.DependentFor, targets, false);
    public ITargetDefinition TryDependentFor<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.DependentFor, targets, true);
    public ITargetDefinition After(params Target[] targets) => Add(EdgeKind.After, targets);
    public ITargetDefinition After<T>(params Func<T, Target>[] targets) => AddComponent(EdgeKind.After, targets, false);
    public ITargetDefinition TryAfter<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.After, targets, true);
    public ITargetDefinition Before(params Target[] targets) => Add(EdgeKind.Before, targets);
    public ITargetDefinition Before<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.Before, targets, false);
    public ITargetDefinition TryBefore<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.Before, targets, true);
    public ITargetDefinition Triggers(params Target[] targets) => Add(EdgeKind.Triggers, targets);
    public ITargetDefinition Triggers<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.Triggers, targets, false);
    public ITargetDefinition TryTriggers<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.Triggers, targets, true);
    public ITargetDefinition TriggeredBy(params Target[] targets) => Add(EdgeKind.TriggeredBy, targets);
    public ITargetDefinition TriggeredBy<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.TriggeredBy, targets, false);
    public ITargetDefinition TryTriggeredBy<T>(params Func<T, Target>[] targets) =>
        AddComponent(EdgeKind.TriggeredBy, targets, true);

    public ITargetDefinition OnlyWhenStatic(Func<bool> condition,
        string? text = null) { StaticConditions.Add((condition, text ?? "condition")); return this; }
    public ITargetDefinition OnlyWhenDynamic(Func<bool> condition,
        string? text = null) { DynamicConditions.Add((condition, text ?? "condition")); return this; }
    public ITargetDefinition Requires<T>(params Expression<Func<T>>[] members)
    {
        RequiredMembers.AddRange(members);
        return this;
    }

    public ITargetDefinition Requires(params Expression<Func<bool>>[] conditions)
    {
        RequiredConditions.AddRange(conditions);
        return this;
    }
    public ITargetDefinition WhenSkipped(DependencyBehavior behavior) { SkipBehavior = behavior; return this; }
    public ITargetDefinition ProceedAfterFailure() { Proceed = true; return this; }
    public ITargetDefinition AssuredAfterFailure() { Assured = true; return this; }
    public ITargetDefinition Unlisted() { IsUnlisted = true; return this; }
    public ITargetDefinition Produces(params string[] patterns) { Products.AddRange(patterns); return this; }

    public ITargetDefinition Executes(Action action) { Actions.Add(_ =>
        { action(); return Task.CompletedTask; }); return this; }
    public ITargetDefinition Executes(Func<Task> action) { Actions.Add(_ => action()); return this; }
    public ITargetDefinition Executes(Func<CancellationToken, Task> action) { Actions.Add(action); return this; }
}

/// <summary>One declared relation to another target. A class, not a tuple: generic code over a value type is compiled
/// at run time on every start.</summary>
internal sealed record Edge(EdgeKind Kind, Target Target);
