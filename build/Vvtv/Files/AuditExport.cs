using System.Text.Json;

namespace Vvtv;

/// <summary>The export-audits file: a JSON array (D-R13).</summary>
public static class AuditExport
{
    /// <summary>Loads the export and returns the number of audit entries; the root must be an array of
    /// objects.</summary>
    public static int CountEntries(string path)
    {
        var text = TextInput.ReadFile(path);
        if (string.IsNullOrWhiteSpace(text))
            throw new VvtvFormatException(path, null, "file is empty, expected a JSON array");
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new VvtvFormatException(path, 1, $"root is {doc.RootElement.ValueKind}, expected an array");
            var n = 0;
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object)
                    throw new VvtvFormatException(path, null, $"entry {n} is {e.ValueKind}, expected an object");
                n++;
            }
            return n;
        }
        catch (JsonException e)
        {
            throw new VvtvFormatException(path, (int?)(e.LineNumber + 1), $"malformed JSON: {e.Message}", e);
        }
    }
}
