using Vvtv;

namespace Checklist;

/// <summary>
/// Reads a text file of an earlier run (run.json, findings, SHA256SUMS) by type and size first: a FIFO, a device or a
/// huge file is refused with a <see cref="DecisionFormatException"/> instead of blocking or filling memory.
/// </summary>
public static class EarlierRunFile
{
    public const int MaxBytes = 16 * 1024 * 1024;

    public static string ReadText(string path)
    {
        try { return TextInput.ReadFile(path, MaxBytes); }
        catch (VvtvFormatException e) { throw new DecisionFormatException(path, e.Problem, e); }
    }
}
