using System.Reflection;

namespace Engine;

/// <summary>A discovered target with its definition and resolved edges.</summary>
internal sealed class ExecutableTarget(string name, int index, PropertyInfo property, TargetDefinition definition)
{
    public string Name { get; } = name;
    /// <summary>Declaration index: breaks ordering ties.</summary>
    public int Index { get; } = index;
    public PropertyInfo Property { get; } = property;
    public TargetDefinition Definition { get; } = definition;
    public bool IsDefault { get; set; }
    /// <summary>Targets this one needs (DependsOn and reversed DependentFor).</summary>
    public List<ExecutableTarget> Dependencies { get; } = [];
    /// <summary>Targets that must come earlier if both are planned (After, reversed Before).</summary>
    public List<ExecutableTarget> OrderedAfter { get; } = [];
    /// <summary>Targets that join the plan when this one is planned (Triggers, reversed TriggeredBy).</summary>
    public List<ExecutableTarget> Triggers { get; } = [];
    public List<ExecutableTarget> TriggeredBy { get; } = [];

    /// <summary>Every "runs before me" edge, for ordering and cycle detection.</summary>
    public IEnumerable<ExecutableTarget> Predecessors => Dependencies.Concat(OrderedAfter).Concat(TriggeredBy);

    public override string ToString() => Name;
}
