using System.Globalization;

namespace Engine;

/// <summary>
/// --help in NUKE's shape: each target with its direct dependencies, its description on indented lines below; then
/// parameters with their descriptions and defaults ("Default: …", the one way defaults are written), wrapped to the
/// width.
/// </summary>
internal static class HelpWriter
{
    /// <summary>Width used when the output is not a terminal (a pipe, a file, a test).</summary>
    public const int PipedWidth = 100;

    private const int DescriptionIndent = 6;

    /// <summary>The terminal's width when writing to one, else <see cref="PipedWidth"/>.</summary>
    public static int Width(TextWriter console)
    {
        if (!ReferenceEquals(console, Console.Out) || Console.IsOutputRedirected) return PipedWidth;
        try { return Console.WindowWidth is > 40 and var w ? w : PipedWidth; }
        catch (IOException) { return PipedWidth; }
    }

    public static void Write(TextWriter o, NukeBuild build, IReadOnlyList<ExecutableTarget> targets,
        ParameterService parameters, int width)
    {
        o.WriteLine("Targets (with their direct dependencies):");
        o.WriteLine();
        foreach (var t in targets.Where(t => !t.Definition.IsUnlisted))
        {
            var head = "  " + t.Name + (t.IsDefault ? " (default)" : "");
            var deps = t.Dependencies.Count > 0 ? "-> " + string.Join(", ", t.Dependencies.Select(d => d.Name)) : "";
            foreach (var line in TextWrap.Lines(head, deps, head.Length + 4, width)) o.WriteLine(line);
            if (t.Definition.DescriptionText is { } d)
                foreach (var line in TextWrap.Lines(new string(' ', DescriptionIndent), d, DescriptionIndent, width))
                    o.WriteLine(line);
        }
        o.WriteLine();
        o.WriteLine("Parameters:");
        o.WriteLine();
        // Entries are a class and the sort List.Sort: LINQ over tuples (value types) is compiled at run time on every
        // start, a noticeable part of a --help.
        var all = new List<Entry>();
        foreach (var p in parameters.Members)
            all.Add(new Entry(p.CommandLineName, WithDefault(p.Description, DefaultOf(p, build))));
        foreach (var b in BuiltInParameter.All) all.Add(new Entry(b.CommandLineName, b.Description));
        all.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        // Names and descriptions side by side while the names leave room; else descriptions below, as for targets.
        var column = 0;
        foreach (var entry in all) column = Math.Max(column, entry.Name.Length + 4);
        if (column > width / 2) column = DescriptionIndent;
        foreach (var (name, text) in all)
        {
            var head = "  " + name;
            if (head.Length + 1 > column && !string.IsNullOrEmpty(text))
            {
                o.WriteLine(head);
                head = "";
            }
            foreach (var line in TextWrap.Lines(head.PadRight(column), text ?? "", column, width)) o.WriteLine(line);
        }
    }

    private static string? WithDefault(string? description, string? value)
    {
        // A description that states its own default ("Default: …") is already in the one form.
        if (value is null || description?.Contains("Default:", StringComparison.Ordinal) == true) return description;
        var text = description?.TrimEnd('.', ' ');
        return string.IsNullOrEmpty(text) ? $"Default: {value}" : $"{text}. Default: {value}";
    }

    private static string? DefaultOf(ParameterMember p, NukeBuild build)
    {
        if (p.IsSecret) return null;
        try
        {
            return p.Read(build) switch
            {
                null => null,
                string s when s.Length == 0 => null,
                bool b => b ? "true" : "false",
                Array a => a.Length == 0 ? null : string.Join(" ", a.Cast<object>()),
                var value => SecretMasker.Global.Mask(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
            };
        }
        catch (Exception) { return null; } // a default that throws is not worth failing --help for
    }

    private sealed record Entry(string Name, string? Text);
}
