using System.Reflection;

namespace Engine;

/// <summary>A [Parameter] field or property found on the build class or one of its interfaces.</summary>
internal sealed class ParameterMember(MemberInfo member, ParameterAttribute attribute)
{
    public MemberInfo Member { get; } = member;
    public string Name { get; } = attribute.Name ?? member.Name;
    public string? Description { get; } = attribute.Description;
    public string CommandLineName => "--" + Names.Kebab(Name);
    public bool IsSecret { get; } = member.GetCustomAttribute<SecretAttribute>() is not null;
    public bool IsRequired { get; } = member.GetCustomAttribute<RequiredAttribute>() is not null;
    public bool IsOnInterface => Member.DeclaringType!.IsInterface;
    public Type Type => Member switch { FieldInfo f => f.FieldType, PropertyInfo p => p.PropertyType, _ =>
        typeof(string) };

    public object? Read(object build) => Member switch
    {
        FieldInfo f => f.GetValue(build),
        PropertyInfo p => p.GetValue(build),
        _ => null,
    };

    public void Write(object build, object? value)
    {
        switch (Member)
        {
            case FieldInfo f: f.SetValue(build, value); break;
            case PropertyInfo { CanWrite: true } p: p.SetValue(build, value); break;
            case PropertyInfo p:
                // get-only auto-property: write its backing field.
                var backing = p.DeclaringType!.GetField($"<{p.Name}>k__BackingField",
                    BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new InvalidOperationException($"parameter {p.Name} has no setter");
                backing.SetValue(build, value);
                break;
        }
    }

    public static List<ParameterMember> Discover(Type buildType)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var result = new List<ParameterMember>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        IEnumerable<Type> types = [.. Hierarchy(buildType), .. buildType.GetInterfaces()];
        foreach (var type in types)
        foreach (var m in type.GetMembers(flags | BindingFlags.DeclaredOnly))
        {
            if (m is not (FieldInfo or PropertyInfo)
                || m.GetCustomAttribute<ParameterAttribute>() is not { } attr) continue;
            var p = new ParameterMember(m, attr);
            if (seen.Add(Names.Normalize(p.Name))) result.Add(p);
        }
        return result;
    }

    private static IEnumerable<Type> Hierarchy(Type t)
    {
        var chain = new List<Type>();
        for (var c = t; c is not null && c != typeof(object); c = c.BaseType) chain.Add(c);
        chain.Reverse();
        return chain;
    }
}
