using System.Reflection;

namespace Engine;

/// <summary>
/// Finds Target properties: the class hierarchy first (base to derived, declaration order),
/// then interfaces in the order Type.GetInterfaces returns them (the class's interface list order).
/// </summary>
internal static class TargetDiscovery
{
    public static List<ExecutableTarget> Discover(NukeBuild build, IReadOnlyCollection<string> defaultTargets)
    {
        const BindingFlags flags =
            BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var type = build.GetType();
        var chain = new List<Type>();
        for (var c = type; c is not null && c != typeof(NukeBuild); c = c.BaseType) chain.Insert(0, c);
        var properties = chain.Concat(type.GetInterfaces())
            .SelectMany(t => t.GetProperties(flags))
            .Where(p => p.PropertyType == typeof(Target) && p.GetIndexParameters().Length == 0);

        var targets = new List<ExecutableTarget>();
        var byMethod = new Dictionary<MethodInfo, ExecutableTarget>();
        var factories = new List<Target>(); // factories[i] defines targets[i]
        foreach (var property in properties)
        {
            // An explicit interface implementation shows up as "IFoo.Bar" on the class; the interface entry covers it.
            var name = property.Name.Contains('.') ? property.Name[(property.Name.LastIndexOf('.') + 1)..]
                : property.Name;
            if (targets.Any(t => Names.Normalize(t.Name) == Names.Normalize(name))) continue;
            var factory = (Target?)property.GetValue(build)
                ?? throw new InvalidOperationException($"target {name} returned null");
            var target = new ExecutableTarget(name, targets.Count, property, new TargetDefinition(build))
            {
                IsDefault = defaultTargets.Contains(name, StringComparer.OrdinalIgnoreCase),
            };
            targets.Add(target);
            byMethod[factory.Method] = target;
            factories.Add(factory);
        }

        for (var i = 0; i < targets.Count; i++) factories[i](targets[i].Definition);

        ExecutableTarget Resolve(ExecutableTarget from, Target reference) =>
            byMethod.TryGetValue(reference.Method, out var t)
                ? t
                : throw new PlanException($"target {from.Name} refers to a target that is not a property of the build");

        foreach (var target in targets)
        foreach (var (kind, reference) in target.Definition.Edges)
        {
            var other = Resolve(target, reference);
            switch (kind)
            {
                case EdgeKind.DependsOn: AddOnce(target.Dependencies, other); break;
                case EdgeKind.DependentFor: AddOnce(other.Dependencies, target); break;
                case EdgeKind.After: AddOnce(target.OrderedAfter, other); break;
                case EdgeKind.Before: AddOnce(other.OrderedAfter, target); break;
                case EdgeKind.Triggers: AddOnce(target.Triggers, other); AddOnce(other.TriggeredBy, target); break;
                case EdgeKind.TriggeredBy: AddOnce(other.Triggers, target); AddOnce(target.TriggeredBy, other); break;
            }
        }
        return targets;
    }

    private static void AddOnce(List<ExecutableTarget> list, ExecutableTarget t)
    {
        if (!list.Contains(t)) list.Add(t);
    }
}

/// <summary>The target graph or the requested targets cannot form a plan.</summary>
public sealed class PlanException(string message) : Exception(message);
