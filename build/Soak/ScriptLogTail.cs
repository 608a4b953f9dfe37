using System.Text;

namespace Soak;

/// <summary>One sample as the script logged it: its second-precision timestamp and the three raw bodies.</summary>
public sealed record LoggedSample(string Timestamp, string Status, string Alerts, string Metrics, string Source);

/// <summary>
/// Follows the script's three sample logs while it runs and yields each sample once it is complete. The script writes a
/// sample's status line, then its alerts line, then its metrics block, so a metrics block is complete when the next
/// sample's status line exists, when the metrics log stopped growing since the last look, or when the script has ended.
/// </summary>
public sealed class ScriptLogTail
{
    private readonly Follower _status, _alerts, _metrics;
    private readonly List<(string Ts, string Body)> _statusLines = [], _alertsLines = [];
    private readonly List<(string Ts, List<string> Lines)> _blocks = [];
    private long _lastMetricsLength = -1;
    private int _emitted;
    private int _skip;

    /// <summary>
    /// Starts following <paramref name="outDir"/>; the first <paramref name="alreadyJournaled"/> samples in the logs
    /// are not yielded again.
    /// </summary>
    public ScriptLogTail(string outDir, int alreadyJournaled)
    {
        _status = new Follower(Path.Combine(outDir, SampleLogs.Status));
        _alerts = new Follower(Path.Combine(outDir, SampleLogs.Alerts));
        _metrics = new Follower(Path.Combine(outDir, SampleLogs.Metrics));
        Read();
        // A log that lost samples the journal has (a fresh workspace) must not swallow the new ones.
        _skip = Math.Min(alreadyJournaled, _statusLines.Count);
    }

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
        var available = Math.Min(_statusLines.Count, Math.Min(_alertsLines.Count, _blocks.Count));
        while (_emitted < available)
        {
            var i = _emitted;
            var complete = ended || settled || i + 1 < _statusLines.Count || i + 1 < _blocks.Count;
            if (!complete) break;
            _emitted++;
            if (i < _skip) continue;
            var (ts, status) = _statusLines[i];
            result.Add(new LoggedSample(ts, status, _alertsLines[i].Body, string.Join('\n', _blocks[i].Lines),
                $"{SampleLogs.Status} sample {i + 1}"));
        }
        return result;
    }

    private void Read()
    {
        foreach (var line in _status.NewLines()) _statusLines.Add(Split(line, " | status="));
        foreach (var line in _alerts.NewLines()) _alertsLines.Add(Split(line, " | alerts="));
        foreach (var line in _metrics.NewLines())
        {
            if (line.StartsWith("# --- ", StringComparison.Ordinal) && line.EndsWith(" ---",
                StringComparison.Ordinal) && line.Length >= 10)
                _blocks.Add((line[6..^4], []));
            else if (_blocks.Count > 0)
                _blocks[^1].Lines.Add(line);
        }
    }

    // A line that does not have the script's shape keeps its whole text as the body, so the judge reports it as
    // unreadable.
    private static (string, string) Split(string line, string marker)
    {
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? ("", line) : (line[..at], line[(at + marker.Length)..]);
    }

    /// <summary>Reads a growing file from where it stopped, one complete line at a time.</summary>
    private sealed class Follower(string path)
    {
        private long _offset;
        private readonly StringBuilder _partial = new();

        public long Length => File.Exists(path) ? new FileInfo(path).Length : 0;

        public IEnumerable<string> NewLines()
        {
            if (!File.Exists(path)) return [];
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < _offset) { _offset = 0; _partial.Clear(); } // truncated: read again from the start
            stream.Seek(_offset, SeekOrigin.Begin);
            var buffer = new byte[stream.Length - _offset];
            stream.ReadExactly(buffer);
            _offset += buffer.Length;
            _partial.Append(Encoding.UTF8.GetString(buffer));
            var text = _partial.ToString();
            var end = text.LastIndexOf('\n');
            if (end < 0) return [];
            _partial.Clear().Append(text[(end + 1)..]);
            return text[..end].Split('\n');
        }
    }
}
