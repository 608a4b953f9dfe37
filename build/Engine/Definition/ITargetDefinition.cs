using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Engine;

/// <summary>Fluent definition of one target (NUKE's shape).</summary>
public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    ITargetDefinition DependsOn(params Target[] targets);
    ITargetDefinition DependsOn<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryDependsOn<T>(params Func<T, Target>[] targets);

    ITargetDefinition DependentFor(params Target[] targets);
    ITargetDefinition DependentFor<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryDependentFor<T>(params Func<T, Target>[] targets);

    ITargetDefinition After(params Target[] targets);
    ITargetDefinition After<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryAfter<T>(params Func<T, Target>[] targets);

    ITargetDefinition Before(params Target[] targets);
    ITargetDefinition Before<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryBefore<T>(params Func<T, Target>[] targets);

    ITargetDefinition Triggers(params Target[] targets);
    ITargetDefinition Triggers<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryTriggers<T>(params Func<T, Target>[] targets);

    ITargetDefinition TriggeredBy(params Target[] targets);
    ITargetDefinition TriggeredBy<T>(params Func<T, Target>[] targets);
    ITargetDefinition TryTriggeredBy<T>(params Func<T, Target>[] targets);

    ITargetDefinition OnlyWhenStatic(Func<bool> condition,
        [CallerArgumentExpression(nameof(condition))] string? text = null);
    ITargetDefinition OnlyWhenDynamic(Func<bool> condition,
        [CallerArgumentExpression(nameof(condition))] string? text = null);

    ITargetDefinition Requires<T>(params Expression<Func<T>>[] members);
    ITargetDefinition Requires(params Expression<Func<bool>>[] conditions);

    ITargetDefinition WhenSkipped(DependencyBehavior behavior);
    ITargetDefinition ProceedAfterFailure();
    ITargetDefinition AssuredAfterFailure();
    ITargetDefinition Unlisted();
    ITargetDefinition Produces(params string[] patterns);

    ITargetDefinition Executes(Action action);
    ITargetDefinition Executes(Func<Task> action);
    ITargetDefinition Executes(Func<CancellationToken, Task> action);
}
