using System.Text.Json;

namespace Vvtv;

/// <summary>The orchestrator's stdout: JSON log lines whose fields.message is the event name.</summary>
public static class OrchestratorLog
{
    /// <summary>The event names of the JSON log lines, in order; other lines (the pretty-printed metrics object, cargo
    /// output) are skipped.</summary>
    public static IReadOnlyList<string> Events(IEnumerable<string> lines)
    {
        var events = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (!line.StartsWith('{') || !line.EndsWith('}')) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind == JsonValueKind.Object
                    && doc.RootElement.TryGetProperty("fields", out var fields)
                        && fields.ValueKind == JsonValueKind.Object
                    && fields.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                    events.Add(message.GetString()!);
            }
            catch (JsonException) { }
        }
        return events;
    }

    /// <summary>Events of a log file.</summary>
    public static IReadOnlyList<string> EventsOf(string path) => Events(TextInput.Lines(TextInput.ReadFile(path)));
}
