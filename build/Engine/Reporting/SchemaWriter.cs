using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine;

/// <summary>
/// Writes .nuke/build.schema.json in the shape NUKE writes (draft-04; "definitions" for the targets, Host and
/// Verbosity enums and the built-in parameters; "allOf" joining the build's own parameters to them), so editors
/// complete .nuke/parameters*.json. The file is written only when its content changed.
/// </summary>
internal static class SchemaWriter
{
    public static void Write(AbsolutePath root, Type build, IReadOnlyList<ExecutableTarget> targets,
        IReadOnlyList<ParameterMember> parameters)
    {
        if (!(root / ".nuke").DirectoryExists()) return;
        var path = root / ".nuke" / "build.schema.json";
        // The schema follows from the compiled build and engine and the profiles present. While those and the file
        // are as when it was last written, rendering it again (and loading the JSON writer to do so) is skipped.
        var keyFile = root / ".nuke" / "temp" / "build.schema.key";
        var key = Key(root, build, path);
        try { if (keyFile.FileExists() && File.ReadAllText(keyFile) == key) return; }
        catch (IOException) { /* unreadable key: render */ }
        var text = Render(root, targets, parameters);
        if (!path.FileExists() || File.ReadAllText(path) != text) File.WriteAllText(path, text);
        try
        {
            keyFile.Parent.CreateDirectory();
            File.WriteAllText(keyFile, Key(root, build, path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* only a cache */ }
    }

    private static string Key(AbsolutePath root, Type build, AbsolutePath schema)
    {
        var file = new FileInfo(schema);
        var stamp = file.Exists ? $"{file.Length}:{file.LastWriteTimeUtc.Ticks}" : "none";
        var profiles = string.Join(",",
            Directory.EnumerateFiles(root / ".nuke", "parameters.*.json").Order(StringComparer.Ordinal));
        var engine = typeof(SchemaWriter).Assembly.ManifestModule.ModuleVersionId;
        return $"{build.Assembly.ManifestModule.ModuleVersionId} {engine} {stamp} {profiles}";
    }

    public static string Render(AbsolutePath root, IReadOnlyList<ExecutableTarget> targets,
        IReadOnlyList<ParameterMember> parameters)
    {
        var definitions = new JsonObject
        {
            ["ExecutableTarget"] = Enum(targets.Where(t => !t.Definition.IsUnlisted).Select(t => t.Name)),
            ["Host"] = Enum(System.Enum.GetNames<Host>()),
            ["Verbosity"] = Enum(System.Enum.GetNames<Verbosity>()),
        };
        var builtIns = new JsonObject();
        foreach (var b in BuiltInParameter.All.Where(b => b.InFiles).OrderBy(b => b.FileKey, StringComparer.Ordinal))
        {
            JsonObject node = b.Kind switch
            {
                BuiltInKind.Flag => new() { ["type"] = "boolean" },
                BuiltInKind.Targets => new() { ["type"] = "array", ["items"] = Ref("ExecutableTarget") },
                BuiltInKind.Host => Ref("Host"),
                BuiltInKind.Verbosity => Ref("Verbosity"),
                BuiltInKind.Profiles => new() { ["type"] = "array", ["items"] = Enum(Profiles(root)) },
                _ => new() { ["type"] = "string" },
            };
            node["description"] = b.Description;
            builtIns[b.FileKey] = node;
        }
        definitions["NukeBuild"] = new JsonObject { ["properties"] = builtIns };
        var own = new JsonObject();
        foreach (var p in parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var node = TypeNode(p.Type);
            if (p.Description is { } d) node["description"] = d;
            if (p.IsSecret) node["default"] = "Secrets must be entered via environment variables or a profile";
            own[p.Name] = node;
        }
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-04/schema#",
            ["definitions"] = definitions,
            ["allOf"] = new JsonArray(
                new JsonObject { ["properties"] = own },
                Ref("NukeBuild")),
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Names of the profiles present: .nuke/parameters.&lt;name&gt;.json.</summary>
    private static IEnumerable<string> Profiles(AbsolutePath root) =>
        Directory.EnumerateFiles(root / ".nuke", "parameters.*.json")
            .Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length])
            .Order(StringComparer.Ordinal);

    private static JsonObject Ref(string definition) => new() { ["$ref"] = $"#/definitions/{definition}" };

    private static JsonObject Enum(IEnumerable<string> values) =>
        new() { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };

    private static JsonObject TypeNode(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsArray) return new JsonObject { ["type"] = "array", ["items"] = TypeNode(t.GetElementType()!) };
        if (t.IsEnum) return Enum(System.Enum.GetNames(t));
        var json = t == typeof(bool) ? "boolean"
            : t == typeof(int) || t == typeof(long) ? "integer"
            : t == typeof(double) ? "number"
            : "string";
        return new JsonObject { ["type"] = json };
    }
}
