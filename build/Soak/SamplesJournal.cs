using System.Text;
using System.Text.Json;
using Engine;
using Vvtv;

namespace Soak;

/// <summary>
/// samples.jsonl: one JSON line per sample, appended and flushed as each sample ends, so a soak that dies keeps every
/// finished sample and a resumed soak continues the same file. Read as a stream, so its length never sets the memory.
/// </summary>
public sealed class SamplesJournal
{
    public const string FileName = "samples.jsonl";
    private FileStream? _append;

    public SamplesJournal(string path) => Path = path;

    public string Path { get; }

    public bool Exists => File.Exists(Path);

    /// <summary>
    /// Every sample, in a list: for small journals and tests; a soak streams them with <see cref="Read"/>.
    /// </summary>
    public IReadOnlyList<SoakSampleRecord> Load() => [.. Read()];

    /// <summary>
    /// Streams every sample; a torn last line (the build died mid-write) is cut off first, any other bad line is an
    /// error naming file and line.
    /// </summary>
    public IEnumerable<SoakSampleRecord> Read()
    {
        if (!File.Exists(Path)) yield break;
        // By type and size first: a FIFO or device named samples.jsonl would block the resume for good.
        Checklist.EarlierRunFile.CheckEvidence(Path);
        CutTornLine();
        var line = 0;
        foreach (var text in File.ReadLines(Path, Encoding.UTF8))
        {
            SoakSampleRecord? record;
            try { record = JsonSerializer.Deserialize<SoakSampleRecord>(text, SoakJson.Line); }
            catch (JsonException e) { throw new VvtvFormatException(Path, line + 1,
                $"not a sample line: {e.Message}"); }
            if (record is null) throw new VvtvFormatException(Path, line + 1, "null instead of a sample");
            if (record.K != line)
                throw new VvtvFormatException(Path, line + 1,
                    $"sample k={record.K} where k={line} was expected: the journal is not continuous");
            line++;
            yield return record;
        }
    }

    public void Append(SoakSampleRecord record)
    {
        if (_append is null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            _append = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
        _append.Write(Encoding.UTF8.GetBytes(Serialize(record) + "\n"));
        _append.Flush(flushToDisk: true);
    }

    /// <summary>Closes the append handle the journal keeps open while a soak writes it.</summary>
    public void Close()
    {
        _append?.Dispose();
        _append = null;
    }

    // The last write never reached its newline: drop it so the next append starts on a fresh line. Only the tail is
    // read.
    private void CutTornLine()
    {
        using var file = new FileStream(Path, FileMode.Open, FileAccess.ReadWrite);
        var buffer = new byte[64 * 1024];
        var end = file.Length;
        var pos = end;
        while (pos > 0)
        {
            var n = (int)Math.Min(buffer.Length, pos);
            pos -= n;
            file.Position = pos;
            file.ReadExactly(buffer, 0, n);
            var at = Array.LastIndexOf(buffer, (byte)'\n', n - 1, n);
            if (at < 0) continue;
            if (pos + at + 1 < end) file.SetLength(pos + at + 1);
            return;
        }
        if (end > 0) file.SetLength(0);
    }

    // Values come from the API and the build's own messages; masking keeps any secret that slipped into a body out.
    private static string Serialize(SoakSampleRecord record) =>
        SecretMasker.Global.Mask(JsonSerializer.Serialize(record, SoakJson.Line));
}
