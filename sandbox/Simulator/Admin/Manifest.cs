using System.Text.Json;
using Simulator.Common;

namespace Simulator.Admin;

/// <summary>Backup manifest, schema 1 (§4): six fields in fixed order, 2-space pretty JSON, no trailing
/// newline.</summary>
public sealed record Manifest(
    ulong SchemaVersion, string CreatedAt, string StateDbFile, string StateDbSha256, string OwnerCardFile,
        string OwnerCardSha256)
{
    public string ToJson() =>
        "{\n" +
        $"  \"schema_version\": {SchemaVersion},\n" +
        $"  \"created_at\": {JsonText.Str(CreatedAt)},\n" +
        $"  \"state_db_file\": {JsonText.Str(StateDbFile)},\n" +
        $"  \"state_db_sha256\": {JsonText.Str(StateDbSha256)},\n" +
        $"  \"owner_card_file\": {JsonText.Str(OwnerCardFile)},\n" +
        $"  \"owner_card_sha256\": {JsonText.Str(OwnerCardSha256)}\n" +
        "}";

    /// <summary>Parses a manifest; a missing or mistyped field is an error, extra fields are ignored.</summary>
    public static Manifest Parse(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new CliException($"manifest is not valid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new CliException("manifest must be a JSON object");
            return new Manifest(
                UInt(root, "schema_version"), Str(root, "created_at"), Str(root, "state_db_file"),
                Str(root, "state_db_sha256"), Str(root, "owner_card_file"), Str(root, "owner_card_sha256"));
        }
    }

    private static JsonElement Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) ? v : throw new CliException($"manifest: missing field `{name}`");

    private static string Str(JsonElement root, string name)
    {
        var v = Field(root, name);
        return v.ValueKind == JsonValueKind.String ? v.GetString()!
            : throw new CliException($"manifest: field `{name}` must be a string");
    }

    private static ulong UInt(JsonElement root, string name)
    {
        var v = Field(root, name);
        return v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out var n) ? n
            : throw new CliException($"manifest: field `{name}` must be an unsigned integer");
    }
}
