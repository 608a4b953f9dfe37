using System.Buffers;
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
    private const int ChunkBytes = 64 * 1024, MaxLineBytes = 16 * 1024 * 1024;
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
    /// error naming file and line. Lines are parsed from the file's bytes in one pooled buffer, so a resume reads a
    /// journal of any length with no more than one line's memory.
    /// </summary>
    public IEnumerable<SoakSampleRecord> Read()
    {
        if (!File.Exists(Path)) yield break;
        // By type and size first: a FIFO or device named samples.jsonl would block the resume for good.
        Checklist.EarlierRunFile.CheckEvidence(Path);
        CutTornLine();
        using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0,
            FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int start = 0, end = 0, line = 0;
            while (true)
            {
                var length = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (length < 0)
                {
                    var unread = end - start;
                    buffer = Refill(file, buffer, ref start, ref end, line);
                    if (end - start > unread) continue;
                    if (unread == 0) yield break;
                    length = unread; // the file grew after the cut: its last line has no newline yet
                }
                var record = Parse(buffer.AsSpan(start, length), line);
                start = Math.Min(end, start + length + 1);
                line++;
                yield return record;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
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

    private SoakSampleRecord Parse(ReadOnlySpan<byte> text, int line)
    {
        if (line == 0 && text.StartsWith(Encoding.UTF8.Preamble)) text = text[Encoding.UTF8.Preamble.Length..];
        SoakSampleRecord? record;
        try { record = SampleLine.Parse(text); }
        catch (JsonException e) { throw new VvtvFormatException(Path, line + 1, $"not a sample line: {e.Message}"); }
        if (record is null) throw new VvtvFormatException(Path, line + 1, "null instead of a sample");
        if (record.K != line)
            throw new VvtvFormatException(Path, line + 1,
                $"sample k={record.K} where k={line} was expected: the journal is not continuous");
        return record;
    }

    // Moves the unread bytes to the front and reads more behind them; a line longer than the buffer doubles it, up to
    // MaxLineBytes (no sample line is near that: a longer one is not a sample).
    private byte[] Refill(FileStream file, byte[] buffer, ref int start, ref int end, int line)
    {
        buffer.AsSpan(start, end - start).CopyTo(buffer);
        (start, end) = (0, end - start);
        if (end == buffer.Length)
        {
            if (end >= MaxLineBytes)
                throw new VvtvFormatException(Path, line + 1,
                    $"not a sample line: longer than {MaxLineBytes / (1024 * 1024)} MiB");
            var larger = ArrayPool<byte>.Shared.Rent(2 * buffer.Length);
            buffer.AsSpan(0, end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
        end += file.Read(buffer, end, buffer.Length - end);
        return buffer;
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
        SecretMasker.Global.Mask(JsonSerializer.Serialize(record, SoakJson.Sample));
}
