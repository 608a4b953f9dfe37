using System.Collections;
using CliWrap;

namespace Engine;

/// <summary>
/// The environment a child inherits, narrowed by <see cref="ProcessOptions"/>: CliWrap adds variables to the parent's
/// environment, and a variable set to null is removed, so every inherited variable the options exclude is set to null.
/// </summary>
internal static class ProcessEnvironment
{
    public static Command Apply(Command command, ProcessOptions options)
    {
        if (options.RemoveVariables.Count == 0 && options.AllowVariables is null && !options.RemoveSecretVariables)
            return command;
        var own = command.EnvironmentVariables;
        var removed = Removed(Inherited(), own.Keys.ToHashSet(StringComparer.Ordinal), options);
        if (removed.Count == 0) return command;
        var env = own.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (var name in removed) env[name] = null;
        return command.WithEnvironmentVariables(env);
    }

    /// <summary>Names of inherited variables the child must not get; variables the command sets itself stay.</summary>
    public static List<string> Removed(IReadOnlyDictionary<string, string> inherited, IReadOnlySet<string> own,
        ProcessOptions options)
    {
        var remove = options.RemoveVariables.ToHashSet(StringComparer.Ordinal);
        var allow = options.AllowVariables?.ToHashSet(StringComparer.Ordinal);
        return [.. inherited
            .Where(e => !own.Contains(e.Key))
            .Where(e => remove.Contains(e.Key) || (allow is not null && !allow.Contains(e.Key)) ||
                        (options.RemoveSecretVariables && SecretMasker.Global.Reveals(e.Value)))
            .Select(e => e.Key)];
    }

    private static Dictionary<string, string> Inherited() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
}
