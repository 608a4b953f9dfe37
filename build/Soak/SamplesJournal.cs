using System.Text;
using System.Text.Json;
using Engine;
using Vvtv;

namespace Soak;

/// <summary>
/// samples.jsonl: one JSON line per sample, appended and flushed as each sample ends, so a soak that dies keeps every finished sample
/// and a resumed soak continues the same file.
/// </summary>
public sealed class SamplesJournal
{
    public const string FileName = "samples.jsonl";

    public SamplesJournal(string path) => Path = path;

    public string Path { get; }

    public bool Exists => File.Exists(Path);

    /// <summary>Reads every sample; a torn last line (the build died mid-write) is cut off, any other bad line is an error naming file and line.</summary>
    public IReadOnlyList<SoakSampleRecord> Load()
    {
        if (!File.Exists(Path)) return [];
        var bytes = File.ReadAllBytes(Path);
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (complete < bytes.Length)
        {
            // The last write never reached its newline: drop it so the next append starts on a fresh line.
            using var file = new FileStream(Path, FileMode.Open, FileAccess.Write);
            file.SetLength(complete);
        }
        var lines = Encoding.UTF8.GetString(bytes, 0, complete).Split('\n')[..^1];
        var result = new List<SoakSampleRecord>();
        for (var i = 0; i < lines.Length; i++)
        {
            SoakSampleRecord? record;
            try { record = JsonSerializer.Deserialize<SoakSampleRecord>(lines[i], SoakJson.Line); }
            catch (JsonException e) { throw new VvtvFormatException(Path, i + 1, $"not a sample line: {e.Message}"); }
            if (record is null) throw new VvtvFormatException(Path, i + 1, "null instead of a sample");
            if (record.K != result.Count)
                throw new VvtvFormatException(Path, i + 1, $"sample k={record.K} where k={result.Count} was expected: the journal is not continuous");
            result.Add(record);
        }
        return result;
    }

    public void Append(SoakSampleRecord record)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var bytes = Encoding.UTF8.GetBytes(Serialize(record) + "\n");
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    // Values come from the API and the build's own messages; masking keeps any secret that slipped into a body out of the file.
    private static string Serialize(SoakSampleRecord record) => SecretMasker.Global.Mask(JsonSerializer.Serialize(record, SoakJson.Line));
}
