using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Build.Tests.Publishing;

/// <summary>A Serilog sink that keeps rendered messages and properties for assertions.</summary>
internal sealed class LogCapture : ILogEventSink
{
    private readonly List<string> _lines = [];

    public ILogger Logger => new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }

    public void Emit(LogEvent e)
    {
        var text = e.RenderMessage() + " " + string.Join(" ", e.Properties.Select(p => p.Key + "=" + p.Value)) + " "
            + e.Exception;
        lock (_lines) _lines.Add(text);
    }
}
