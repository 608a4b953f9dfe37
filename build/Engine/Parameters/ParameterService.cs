using System.Reflection;
using System.Text.Json;

namespace Engine;

/// <summary>Resolves parameter values: argument &gt; environment &gt; profile file &gt; parameters.json &gt; initializer.</summary>
internal sealed class ParameterService
{
    /// <summary>Built-in parameters: read only from the command line or NUKE_-prefixed variables.</summary>
    public static readonly string[] BuiltIns = ["target", "skip", "host", "root", "verbosity", "profile", "plan", "help", "continue", "no-logo"];

    private readonly CommandLine _args;
    private readonly IReadOnlyDictionary<string, string> _env;
    private readonly List<Dictionary<string, string[]>> _files = [];
    private readonly Dictionary<string, ParameterMember> _byName = [];
    private readonly Dictionary<string, object?> _cache = [];
    public List<string> Warnings { get; } = [];
    public IReadOnlyList<ParameterMember> Members { get; }

    public ParameterService(CommandLine args, IReadOnlyDictionary<string, string> env, IReadOnlyList<ParameterMember> members)
    {
        _args = args;
        _env = env;
        Members = members;
        foreach (var m in members) _byName[Names.Normalize(m.Name)] = m;
    }

    /// <summary>Loads `.nuke/parameters.json` and then the profiles; later files win (profiles beat the default file).</summary>
    public void LoadFiles(AbsolutePath root, IEnumerable<string> profiles)
    {
        var dir = root / ".nuke";
        var paths = new List<AbsolutePath> { dir / "parameters.json" };
        foreach (var p in profiles)
        {
            var path = dir / $"parameters.{p}.json";
            if (!path.FileExists()) throw new ParameterException($"--profile {p}: {path} does not exist");
            paths.Add(path);
        }
        foreach (var path in paths.Where(p => p.FileExists())) _files.Insert(0, ReadFile(path));
    }

    private static Dictionary<string, string[]> ReadFile(AbsolutePath path)
    {
        var result = new Dictionary<string, string[]>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new ParameterException($"{path}: expected a JSON object");
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name.StartsWith('$')) continue;
                result[Names.Normalize(prop.Name)] = prop.Value.ValueKind switch
                {
                    JsonValueKind.Array => prop.Value.EnumerateArray().Select(Text).ToArray(),
                    JsonValueKind.Null => [],
                    _ => [Text(prop.Value)],
                };
            }
        }
        catch (JsonException e) { throw new ParameterException($"{path}: invalid JSON at line {e.LineNumber + 1}: {e.Message}"); }
        return result;
        static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
    }

    /// <summary>Raw values for a built-in parameter, or null.</summary>
    public string[]? GetBuiltIn(string name)
    {
        if (_args.Get(name) is { } v) return v;
        var key = "nuke" + Names.Normalize(name);
        var hits = _env.Where(e => Names.Normalize(e.Key) == key).ToList();
        return hits.Count == 1 ? Split(hits[0].Value) : null;
    }

    private static string[] Split(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Raw values and where they came from, or null when nothing sets the parameter.</summary>
    public (string[] Values, string Source)? GetRaw(string name)
    {
        if (_args.Named.TryGetValue(Names.Normalize(name), out var arg)) return (arg.Values, arg.Spelling);
        var n = Names.Normalize(name);
        var hits = _env.Where(e => e.Key == name || Names.Normalize(e.Key) == n || Names.Normalize(e.Key) == "nuke" + n).ToList();
        if (hits.Count > 1)
        {
            var warning = $"parameter {name}: environment variables {string.Join(" and ", hits.Select(h => h.Key))} both match; using neither";
            if (!Warnings.Contains(warning)) Warnings.Add(warning);
        }
        else if (hits.Count == 1)
            return ([hits[0].Value], $"environment variable {hits[0].Key}");
        foreach (var file in _files)
            if (file.TryGetValue(n, out var v)) return (v, $"parameters file key {name}");
        return null;
    }

    /// <summary>The typed value for a parameter member, or null when nothing sets it.</summary>
    public object? GetValue(MemberInfo member, Type type)
    {
        var p = Members.FirstOrDefault(m => m.Member.Name == member.Name && m.Member.DeclaringType == member.DeclaringType)
                ?? Members.FirstOrDefault(m => m.Member.Name == member.Name)
                ?? throw new InvalidOperationException($"{member.DeclaringType?.Name}.{member.Name} has no [Parameter] attribute");
        return GetValue(p, type);
    }

    public object? GetValue(ParameterMember p, Type type)
    {
        var key = p.Name + "|" + type.FullName;
        if (_cache.TryGetValue(key, out var cached)) return cached;
        object? value = null;
        if (GetRaw(p.Name) is { } raw)
        {
            if (p.IsSecret) foreach (var v in raw.Values) SecretMasker.Global.Register(v);
            // Environment values for arrays are space separated.
            var values = raw.Source.StartsWith("environment") && type.IsArray ? Split(raw.Values[0]) : raw.Values;
            value = ValueConverter.Convert(values, type, p.CommandLineName);
        }
        _cache[key] = value;
        return value;
    }

    /// <summary>Fails when the command line names a parameter that does not exist.</summary>
    public void ValidateNames()
    {
        var valid = Members.Select(m => Names.Normalize(m.Name)).Concat(BuiltIns.Select(Names.Normalize)).ToHashSet();
        foreach (var (name, (spelling, _)) in _args.Named)
        {
            if (valid.Contains(name)) continue;
            var all = Members.Select(m => m.CommandLineName).Concat(BuiltIns.Select(b => "--" + b)).ToList();
            var closest = Names.Closest(spelling, all);
            throw new ParameterException($"unknown parameter '{spelling}'{(closest is null ? "" : $"; did you mean '{closest}'?")}" +
                                         $"\nvalid parameters: {string.Join(", ", all)}");
        }
    }
}
