using System.Text.RegularExpressions;
using Tests.Shared;

namespace Build.Tests.Layering;

/// <summary>
/// The build's layers depend downwards only (README, "Layout"). The folder dependencies are derived from the code: the
/// types each folder declares, and the names each file uses once comments and string literals are gone. A file that
/// names a type declared only in a higher layer fails the test, naming the file, the type and both layers.
/// </summary>
public sealed partial class LayeringTests
{
    // Top to bottom. A layer may use its own types and those of the layers below it.
    private static readonly string[][] Layers =
    [
        ["Build*.cs", "Components"],
        ["Release"],
        ["Gates", "Soak", "Cloudflare"],
        ["Run"],
        ["Checklist"],
        ["Vvtv"],
        ["Publishing"],
        ["Engine"],
    ];

    [Test]
    public void No_layer_uses_a_layer_above_it()
    {
        var files = BuildFiles();
        var types = new HashSet<string>(StringComparer.Ordinal);
        var declaredIn = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var (_, layer, code) in files)
        {
            types.UnionWith(Declaration().Matches(code).Select(m => m.Groups["name"].Value));
            foreach (Match m in Declaration().Matches(code).Concat(MemberDeclaration().Matches(code)))
            {
                var name = m.Groups["name"].Value;
                (declaredIn.TryGetValue(name, out var set) ? set : declaredIn[name] = []).Add(layer);
            }
        }

        var upward = new List<string>();
        foreach (var (path, layer, code) in files)
            foreach (var name in Identifier().Matches(code).Select(m => m.Value).Distinct())
                // A name declared in several layers (a type above, a member below) is not a reference to either; a
                // name after a dot is a member.
                if (types.Contains(name) && declaredIn[name] is { Count: 1 } layers && layers.Single() < layer)
                    upward.Add($"{path} ({Name(layer)}) uses {name} of {Name(layers.Single())}");

        Assert.That(upward, Is.Empty, "upward references:\n" + string.Join("\n", upward));
    }

    [Test]
    public void Every_folder_of_the_build_has_a_layer() =>
        Assert.That(BuildFiles().Where(f => f.Layer < 0).Select(f => f.Path), Is.Empty,
            "a new folder needs its place in Layers (and in the README's layout)");

    // Each .cs file of build/ with its layer (-1 when none) and its code without comments and string literals.
    private static List<(string Path, int Layer, string Code)> BuildFiles()
    {
        var root = Repository.PathOf("build");
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj"))
            .Select(f => (f, LayerOf(f), CodeOnly(File.ReadAllText(Path.Combine(root, f)))))
            .ToList();
    }

    private static int LayerOf(string path)
    {
        var folder = path.Contains('/') ? path[..path.IndexOf('/')] : null;
        for (var i = 0; i < Layers.Length; i++)
            if (Layers[i].Any(l => folder is null ? l.Contains('*') && Regex.IsMatch(path, "^Build.*\\.cs$")
                                                  : l == folder))
                return i;
        return -1;
    }

    private static string Name(int layer) => string.Join("/", Layers[layer]);

    private static string CodeOnly(string code) => NonCode().Replace(code, " ");

    // Comments, verbatim and raw strings, interpolated and plain strings, character literals: names there are text.
    [GeneratedRegex("""//[^\n]*|/\*.*?\*/|@"(?:[^"]|"")*"|\$?"{3}.*?"{3}|\$?@?"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])'""",
        RegexOptions.Singleline)]
    private static partial Regex NonCode();

    [GeneratedRegex(@"\b(?:class|record|interface|enum|struct)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex Declaration();

    // A member, parameter or local: a name after a type and before ( { ; = , ) or =>, never after an operator word.
    [GeneratedRegex(@"(?<=[\w>\]?)]\s+)" +
                    @"(?<!\b(?:new|return|is|as|await|throw|in|case|typeof|nameof|out|ref|using|else|" +
                    @"yield|default|when|or|and|not)\s+)" +
                    @"(?<name>[A-Z]\w*)\s*(?=[({;=,)]|=>)")]
    private static partial Regex MemberDeclaration();

    [GeneratedRegex(@"(?<!\.)\b[A-Z]\w*\b")]
    private static partial Regex Identifier();
}
