using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine;

/// <summary>Writes .nuke/build.schema.json (targets enum, typed parameters) only when its content changed.</summary>
internal static class SchemaWriter
{
    public static void Write(AbsolutePath root, IReadOnlyList<ExecutableTarget> targets, IReadOnlyList<ParameterMember> parameters)
    {
        if (!(root / ".nuke").DirectoryExists()) return;
        var names = new JsonArray(targets.Where(t => !t.Definition.IsUnlisted).Select(t => (JsonNode)t.Name).ToArray());
        var props = new JsonObject
        {
            ["$schema"] = new JsonObject { ["type"] = "string" },
            ["Target"] = new JsonObject { ["type"] = "array", ["description"] = "Targets to run", ["items"] = new JsonObject { ["type"] = "string", ["enum"] = names } },
            ["Skip"] = new JsonObject { ["type"] = "array", ["description"] = "Targets to skip", ["items"] = new JsonObject { ["type"] = "string", ["enum"] = names.DeepClone() } },
        };
        foreach (var p in parameters)
        {
            var node = TypeNode(p.Type);
            if (p.Description is { } d) node["description"] = d;
            if (p.IsSecret) node["default"] = "Secrets must be entered via environment variables or a profile";
            props[p.Name] = node;
        }
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-04/schema#",
            ["title"] = "Build Schema",
            ["type"] = "object",
            ["properties"] = props,
        };
        var text = schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = root / ".nuke" / "build.schema.json";
        if (path.FileExists() && File.ReadAllText(path) == text) return;
        File.WriteAllText(path, text);
    }

    private static JsonObject TypeNode(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsArray) return new JsonObject { ["type"] = "array", ["items"] = TypeNode(t.GetElementType()!) };
        if (t.IsEnum) return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Enum.GetNames(t).Select(n => (JsonNode)n).ToArray()) };
        var json = t == typeof(bool) ? "boolean" : t == typeof(int) || t == typeof(long) ? "integer" : t == typeof(double) ? "number" : "string";
        return new JsonObject { ["type"] = json };
    }
}
