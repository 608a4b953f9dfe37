namespace Engine;

/// <summary>Marks a field or property as a build parameter (command line, environment, parameters.json).</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;
    /// <summary>Overrides the member name used on the command line and in parameters.json.</summary>
    public string? Name { get; set; }
}

/// <summary>Marks a parameter whose value is masked everywhere it could be printed or written.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>Marks a parameter that every run needs; checked before any target runs.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;
