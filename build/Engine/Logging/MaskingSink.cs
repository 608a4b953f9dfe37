using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Engine;

/// <summary>Formats an event, masks secrets in the rendered text, then writes it: every sink goes through
/// this.</summary>
internal sealed class MaskingSink(ITextFormatter formatter, Func<TextWriter> writer, bool ownsWriter = false,
    Func<LogEvent, bool>? include = null)
    : ILogEventSink, IDisposable
{
    private readonly Lock _gate = new();
    private TextWriter? _writer;

    public void Emit(LogEvent logEvent)
    {
        if (include is not null && !include(logEvent)) return;
        var buffer = new StringWriter();
        formatter.Format(logEvent, buffer);
        var text = SecretMasker.Global.Mask(buffer.ToString());
        lock (_gate)
        {
            _writer ??= writer();
            _writer.Write(text);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Flush();
            if (ownsWriter) _writer?.Dispose();
        }
    }
}
