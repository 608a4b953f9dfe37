namespace Engine;

/// <summary>A target: a property whose lambda configures its definition.</summary>
public delegate ITargetDefinition Target(ITargetDefinition _);

/// <summary>What the build does with a target's dependencies when the target is skipped.</summary>
public enum DependencyBehavior { Execute, Skip }
