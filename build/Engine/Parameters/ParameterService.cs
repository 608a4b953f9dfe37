using System.Reflection;

namespace Engine;

/// <summary>
/// Resolves parameter values: argument &gt; environment &gt; profile file &gt; parameters.json &gt; initializer.
/// </summary>
internal sealed class ParameterService
{
    /// <summary>
    /// Built-in parameters: read only from the command line, NUKE_-prefixed variables or parameter files.
    /// </summary>
    public static readonly string[] BuiltIns = [.. BuiltInParameter.All.Select(b => b.Name)];

    private readonly CommandLine _args;
    private readonly List<Variable> _env = [];
    private readonly List<ParameterFile> _files = [];
    private readonly Dictionary<string, ParameterMember> _byName = [];
    private readonly Dictionary<string, object?> _cache = [];
    public List<string> Warnings { get; } = [];
    public IReadOnlyList<ParameterMember> Members { get; }

    public ParameterService(CommandLine args, IReadOnlyDictionary<string, string> env,
        IReadOnlyList<ParameterMember> members)
    {
        _args = args;
        // Each name normalised once: every parameter is looked up in the environment, --help included.
        foreach (var e in env) _env.Add(new Variable(e.Key, e.Value, Names.Normalize(e.Key)));
        Members = members;
        foreach (var m in members) _byName[Names.Normalize(m.Name)] = m;
    }

    /// <summary>
    /// Loads `.nuke/parameters.json` and then the profiles (from --profile, else the default file's Profile key);
    /// later files win (profiles beat the default file).
    /// </summary>
    public void LoadFiles(AbsolutePath root, string[]? profiles)
    {
        var dir = root / ".nuke";
        var defaults = dir / "parameters.json";
        if (defaults.FileExists()) _files.Insert(0, ParameterFile.Read(defaults));
        profiles ??= _files.FirstOrDefault()?.Get("profile") ?? [];
        foreach (var p in profiles)
        {
            var path = dir / $"parameters.{p}.json";
            if (!path.FileExists()) throw new ParameterException($"--profile {p}: {path} does not exist");
            _files.Insert(0, ParameterFile.Read(path));
        }
    }

    /// <summary>Raw values for a built-in parameter, or null.</summary>
    public string[]? GetBuiltIn(string name)
    {
        if (_args.Get(name) is { } v) return v;
        var key = "nuke" + Names.Normalize(name);
        var hits = _env.FindAll(e => e.Normalized == key);
        if (hits.Count == 1) return Split(hits[0].Value);
        if (BuiltInParameter.All.FirstOrDefault(b => b.Name == name) is not { InFiles: true }) return null;
        foreach (var file in _files)
            if (file.Get(name) is { } fromFile) return fromFile;
        return null;
    }

    private static string[] Split(string value) => value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Raw values and where they came from, or null when nothing sets the parameter.</summary>
    public (string[] Values, string Source)? GetRaw(string name)
    {
        if (_args.Named.TryGetValue(Names.Normalize(name), out var arg)) return (arg.Values, arg.Spelling);
        var n = Names.Normalize(name);
        var hits = _env.FindAll(e => e.Matches(name, n));
        if (hits.Count > 1)
        {
            var both = string.Join(" and ", hits.Select(h => h.Name));
            var warning = $"parameter {name}: environment variables {both} both match; using neither";
            if (!Warnings.Contains(warning)) Warnings.Add(warning);
        }
        else if (hits.Count == 1)
            return ([hits[0].Value], $"environment variable {hits[0].Name}");
        foreach (var file in _files)
            if (file.Get(name) is { } v) return (v, $"{file.Path} key {name}");
        return null;
    }

    /// <summary>The typed value for a parameter member, or null when nothing sets it.</summary>
    public object? GetValue(MemberInfo member, Type type)
    {
        var p = Members.FirstOrDefault(m =>
                    m.Member.Name == member.Name && m.Member.DeclaringType == member.DeclaringType)
                ?? Members.FirstOrDefault(m => m.Member.Name == member.Name)
                ?? throw new InvalidOperationException(
                    $"{member.DeclaringType?.Name}.{member.Name} has no [Parameter] attribute");
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

    /// <summary>
    /// Registers every value a [Secret] parameter could take (argument, each matching variable, each file) with the
    /// masker, before anything runs: a secret is masked even when two variables clash and neither is used.
    /// </summary>
    public void RegisterSecrets()
    {
        foreach (var m in Members.Where(m => m.IsSecret))
        {
            var n = Names.Normalize(m.Name);
            IEnumerable<string> values = _args.Named.TryGetValue(n, out var arg) ? arg.Values : [];
            values = values
                .Concat(_env.FindAll(e => e.Matches(m.Name, n)).Select(e => e.Value))
                .Concat(_files.SelectMany(f => f.Get(m.Name) ?? []));
            foreach (var v in values) SecretMasker.Global.Register(v);
        }
    }

    /// <summary>
    /// Fails when the command line or a parameters file names a parameter that does not exist, suggesting the closest
    /// one, or when a file sets a built-in that only the command line may give.
    /// </summary>
    public void ValidateNames()
    {
        var valid = Members.Select(m => Names.Normalize(m.Name)).Concat(BuiltIns.Select(Names.Normalize)).ToHashSet();
        foreach (var argument in _args.Named)
        {
            if (valid.Contains(argument.Key)) continue;
            var spelling = argument.Value.Spelling;
            var all = Members.Select(m => m.CommandLineName).Concat(BuiltIns.Select(b => "--" + b)).ToList();
            throw Unknown($"unknown parameter '{spelling}'", spelling, all);
        }
        var fileKeys = Members.Select(m => m.Name)
            .Concat(BuiltInParameter.All.Where(b => b.InFiles).Select(b => b.FileKey)).ToList();
        var inFiles = fileKeys.Select(Names.Normalize).ToHashSet();
        foreach (var file in _files)
        foreach (var key in file.Keys)
        {
            if (inFiles.Contains(Names.Normalize(key))) continue;
            if (BuiltInParameter.All.FirstOrDefault(b => Names.Normalize(b.Name) == Names.Normalize(key)) is { } b)
                throw new ParameterException($"{file.Path}: key '{key}' can only be given on the command line " +
                                             $"({b.CommandLineName})");
            throw Unknown($"{file.Path}: unknown key '{key}'", key, fileKeys);
        }
    }

    /// <summary>An environment variable with its normalised name.</summary>
    private sealed record Variable(string Name, string Value, string Normalized)
    {
        /// <summary>
        /// The variable is the parameter's: its name, or the name without separators, bare or NUKE_-prefixed
        /// (<paramref name="normalized"/> is the parameter's name normalised).
        /// </summary>
        public bool Matches(string parameter, string normalized) =>
            Name == parameter || Normalized == normalized ||
            (Normalized.Length == normalized.Length + 4 && Normalized.StartsWith("nuke", StringComparison.Ordinal) &&
             Normalized.EndsWith(normalized, StringComparison.Ordinal));
    }

    private static ParameterException Unknown(string what, string spelling, IReadOnlyList<string> valid)
    {
        var closest = Names.Closest(spelling, valid);
        return new ParameterException($"{what}{(closest is null ? "" : $"; did you mean '{closest}'?")}" +
                                      $"\nvalid names: {string.Join(", ", valid)}");
    }
}
