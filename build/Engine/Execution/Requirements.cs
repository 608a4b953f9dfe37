using System.Linq.Expressions;

namespace Engine;

/// <summary>Checks Requires(...) and [Required] before anything runs; messages name the command-line
/// parameter.</summary>
internal static class Requirements
{
    public static List<string> Check(NukeBuild build, IReadOnlyList<ExecutableTarget> scheduled,
        ParameterService parameters)
    {
        var errors = new List<string>();
        if (scheduled.Count == 0) return errors;
        foreach (var p in parameters.Members.Where(m => m.IsRequired))
            if (IsBlank(p.IsOnInterface ? p.Read(build) : p.Read(build)))
                errors.Add($"missing required parameter {p.CommandLineName}");
        foreach (var t in scheduled)
        {
            foreach (var member in t.Definition.RequiredMembers)
            {
                object? value;
                try { value = member.Compile().DynamicInvoke(); }
                catch (Exception e) { errors.Add($"target {t.Name}: cannot read {member.Body}: " +
                    $"{(e.InnerException ?? e).Message}"); continue; }
                if (!IsBlank(value)) continue;
                var name = member.Body is MemberExpression m
                    ? parameters.Members.FirstOrDefault(p => p.Member.Name == m.Member.Name)?.CommandLineName
                        ?? m.Member.Name
                    : member.Body.ToString();
                var error = $"target {t.Name} requires {name}";
                if (!errors.Contains(error)) errors.Add(error);
            }
            foreach (var condition in t.Definition.RequiredConditions)
                if (!condition.Compile()()) errors.Add($"target {t.Name} requires {condition.Body}");
        }
        return errors;
    }

    private static bool IsBlank(object? value) => value is null || value is string s && string.IsNullOrWhiteSpace(s)
        || value is Array { Length: 0 };
}
