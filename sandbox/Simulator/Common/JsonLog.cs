namespace Simulator.Common;

/// <summary>tracing-style JSON log lines on stdout: `timestamp`, `level`, `fields{message,…}`, `target`.</summary>
public sealed class JsonLog(string target)
{
    private static readonly object Gate = new();

    /// <summary>Writes one INFO line; field values are raw JSON.</summary>
    public void Info(string eventName, params (string Key, string RawValue)[] fields)
    {
        var body = string.Join("", fields.Select(f => $",{JsonText.Str(f.Key)}:{f.RawValue}"));
        var line = $"{{\"timestamp\":{JsonText.Str(Timestamps.Rfc3339Z(DateTimeOffset.UtcNow))},\"level\":\"INFO\"," +
                   $"\"fields\":{{\"message\":{JsonText.Str(eventName)}{body}}},\"target\":{JsonText.Str(target)}}}";
        Write(line);
    }

    /// <summary>Writes raw text (e.g. the pretty metrics object) on the same stream.</summary>
    public static void Write(string text)
    {
        lock (Gate)
        {
            Console.Out.WriteLine(text);
            Console.Out.Flush();
        }
    }
}
