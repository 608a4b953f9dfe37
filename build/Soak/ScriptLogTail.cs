using System.Text;

namespace Soak;

/// <summary>One sample as the script logged it: its second-precision timestamp and the three raw bodies.</summary>
public sealed record LoggedSample(string Timestamp, string Status, string Alerts, string Metrics, string Source);

/// <summary>
/// Follows the script's three sample logs while it runs and yields each sample once it is complete. The script writes a
/// sample's status line, then its alerts line, then its metrics block, so a metrics block is complete when the next
/// sample's status line exists, when the metrics log stopped growing since the last look, or when the script has ended.
/// Only the samples not yielded yet are held (a sample leaves memory as it is yielded, the ones already journaled are
/// dropped as they are read), so a 24-hour script soak, or a resume over its logs, runs in flat memory.
/// </summary>
public sealed class ScriptLogTail
{
    private readonly Follower _status, _alerts, _metrics;
    private readonly Queue<(string Ts, string Body)> _statusLines = new(), _alertsLines = new();
    private readonly Queue<(string Ts, List<string> Lines)> _blocks = new();
    private List<string>? _lastBlock;
    private long _lastMetricsLength = -1;
    private int _emitted;
    private int _skipStatus, _skipAlerts, _skipBlocks;

    /// <summary>
    /// Starts following <paramref name="outDir"/>; the first <paramref name="alreadyJournaled"/> samples in the logs
    /// are not yielded again.
    /// </summary>
    public ScriptLogTail(string outDir, int alreadyJournaled)
    {
        _status = new Follower(Path.Combine(outDir, SampleLogs.Status));
        _alerts = new Follower(Path.Combine(outDir, SampleLogs.Alerts));
        _metrics = new Follower(Path.Combine(outDir, SampleLogs.Metrics));
        // A log that lost samples the journal has (a fresh workspace) must not swallow the new ones.
        _emitted = _skipStatus = _skipAlerts = _skipBlocks = (int)Math.Min(alreadyJournaled, _status.CountLines());
        Read();
    }

    /// <summary>Samples read from the logs and not yielded yet: all the tail holds, however long the logs.</summary>
    public int Pending => Math.Max(_statusLines.Count, Math.Max(_alertsLines.Count, _blocks.Count));

    /// <summary>
    /// Complete samples not yielded before; <paramref name="ended"/> says the script has exited, so the last block is
    /// complete.
    /// </summary>
    public IReadOnlyList<LoggedSample> Poll(bool ended)
    {
        Read();
        var metricsLength = _metrics.Length;
        var settled = metricsLength == _lastMetricsLength;
        _lastMetricsLength = metricsLength;
        var result = new List<LoggedSample>();
        while (_statusLines.Count > 0 && _alertsLines.Count > 0 && _blocks.Count > 0)
        {
            var complete = ended || settled || _statusLines.Count > 1 || _blocks.Count > 1;
            if (!complete) break;
            var (ts, status) = _statusLines.Dequeue();
            var alerts = _alertsLines.Dequeue().Body;
            var block = _blocks.Dequeue().Lines;
            _emitted++;
            result.Add(new LoggedSample(ts, status, alerts, string.Join('\n', block),
                $"{SampleLogs.Status} sample {_emitted}"));
        }
        return result;
    }

    private void Read()
    {
        foreach (var line in _status.NewLines())
            if (!Skip(ref _skipStatus)) _statusLines.Enqueue(Split(line, " | status="));
        foreach (var line in _alerts.NewLines())
            if (!Skip(ref _skipAlerts)) _alertsLines.Enqueue(Split(line, " | alerts="));
        foreach (var line in _metrics.NewLines())
        {
            if (line.StartsWith("# --- ", StringComparison.Ordinal) && line.EndsWith(" ---",
                StringComparison.Ordinal) && line.Length >= 10)
            {
                _lastBlock = [];
                if (!Skip(ref _skipBlocks)) _blocks.Enqueue((line[6..^4], _lastBlock));
            }
            else
                _lastBlock?.Add(line);
        }
    }

    private static bool Skip(ref int left)
    {
        if (left == 0) return false;
        left--;
        return true;
    }

    // A line that does not have the script's shape keeps its whole text as the body, so the judge reports it as
    // unreadable.
    private static (string, string) Split(string line, string marker)
    {
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? ("", line) : (line[..at], line[(at + marker.Length)..]);
    }

    /// <summary>Reads a growing file from where it stopped, one complete line at a time, a chunk at a time.</summary>
    private sealed class Follower(string path)
    {
        private const int ChunkBytes = 16 * 1024;
        private long _offset;
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly StringBuilder _partial = new();
        private readonly byte[] _bytes = new byte[ChunkBytes];
        private readonly char[] _chars = new char[Encoding.UTF8.GetMaxCharCount(ChunkBytes)];

        public long Length => File.Exists(path) ? new FileInfo(path).Length : 0;

        /// <summary>Complete lines in the file now, counted without keeping them.</summary>
        public long CountLines()
        {
            if (!File.Exists(path)) return 0;
            using var stream = Open();
            long count = 0;
            int n;
            while ((n = stream.Read(_bytes)) > 0) count += _bytes.AsSpan(0, n).Count((byte)'\n');
            return count;
        }

        public IEnumerable<string> NewLines()
        {
            if (!File.Exists(path)) yield break;
            using var stream = Open();
            if (stream.Length < _offset) // truncated: read again from the start
            {
                _offset = 0;
                _partial.Clear();
                _decoder.Reset();
            }
            stream.Seek(_offset, SeekOrigin.Begin);
            int n;
            while ((n = stream.Read(_bytes)) > 0)
            {
                _offset += n;
                var count = _decoder.GetChars(_bytes, 0, n, _chars, 0);
                var start = 0;
                for (var at = Array.IndexOf(_chars, '\n', 0, count); at >= 0;
                     at = Array.IndexOf(_chars, '\n', start, count - start))
                {
                    _partial.Append(_chars, start, at - start);
                    yield return _partial.ToString();
                    _partial.Clear();
                    start = at + 1;
                }
                _partial.Append(_chars, start, count - start);
            }
        }

        private FileStream Open() =>
            new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
    }
}
