namespace Engine;

/// <summary>Command-line tokens split into positional targets and named values (last occurrence wins).</summary>
internal sealed class CommandLine
{
    public List<string> Positional { get; } = [];
    /// <summary>Normalized name → spelling as typed and values.</summary>
    public Dictionary<string, NamedArgument> Named { get; } = [];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var result = new CommandLine();
        var i = 0;
        while (i < args.Count && !IsName(args[i])) result.Positional.Add(args[i++]);
        while (i < args.Count)
        {
            var spelling = args[i++];
            var values = new List<string>();
            while (i < args.Count && !IsName(args[i])) values.Add(args[i++]);
            result.Named[Names.Normalize(spelling)] = new NamedArgument(spelling, values.ToArray());
        }
        return result;
    }

    // "-5" is a value (negative number), "--x"/"-x" is a name.
    private static bool IsName(string token) => token.Length > 1 && token[0] == '-' && !char.IsDigit(token[1]);

    public bool Has(string name) => Named.ContainsKey(Names.Normalize(name));
    public string[]? Get(string name) => Named.TryGetValue(Names.Normalize(name), out var v) ? v.Values : null;
}

/// <summary>A named argument as typed and its values. A class, not a tuple: generic code over a value type is
/// compiled at run time on every start, which --help pays for.</summary>
internal sealed record NamedArgument(string Spelling, string[] Values);
