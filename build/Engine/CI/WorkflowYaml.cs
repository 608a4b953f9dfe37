using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Engine;

/// <summary>Small builders over YamlDotNet's node model, and the writer with the "generated" header.</summary>
internal static partial class WorkflowYaml
{
    /// <summary>A mapping from pairs in order; pairs whose value is null are left out.</summary>
    public static YamlMappingNode Map(params (string Key, YamlNode? Value)[] pairs)
    {
        var map = new YamlMappingNode();
        foreach (var (key, value) in pairs)
            if (value is not null) map.Add(new YamlScalarNode(key), value);
        return map;
    }

    public static YamlSequenceNode Seq(IEnumerable<YamlNode> items) => new(items);

    public static YamlSequenceNode Seq(IEnumerable<string> items) => new(items.Select(Str));

    /// <summary>A string scalar, quoted when YAML would read it as something else (number, bool, null) and literal when
    /// multi-line.</summary>
    public static YamlScalarNode Str(string value) => new(value)
    {
        Style = value.Contains('\n') ? ScalarStyle.Literal
            : value.Length == 0 || Ambiguous().IsMatch(value) ? ScalarStyle.SingleQuoted
            : ScalarStyle.Any,
    };

    public static YamlScalarNode Num(int value) =>
        new(value.ToString(System.Globalization.CultureInfo.InvariantCulture)) { Style = ScalarStyle.Plain };

    public static YamlScalarNode Bool(bool value) => new(value ? "true" : "false") { Style = ScalarStyle.Plain };

    /// <summary>The document as text: the header comment lines, then the YAML, LF line ends.</summary>
    public static string Write(string header, YamlNode root)
    {
        var writer = new StringWriter { NewLine = "\n" };
        foreach (var line in header.Split('\n')) writer.WriteLine($"# {line}".TrimEnd());
        var emitter = new Emitter(writer, EmitterSettings.Default.WithBestWidth(int.MaxValue).WithIndentedSequences()
            .WithNewLine("\n"));
        new YamlStream(new YamlDocument(root)).Save(emitter, assignAnchors: false);
        var text = writer.ToString().Replace("\r\n", "\n");
        // YamlStream ends every document with an explicit "..." marker; a workflow file has only one document.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    // YAML 1.1 and 1.2 readers turn these into numbers, booleans or null.
    [GeneratedRegex(@"^(?:[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|" +
                    @"\.inf|\.nan|~|null|true|false|yes|no|on|off|y|n)$", RegexOptions.IgnoreCase)]
    private static partial Regex Ambiguous();
}
