using Vvtv;

namespace Checklist;

/// <summary>
/// The one way to read a file of an earlier or imported run (run.json, findings, live changes, run facts, SHA256SUMS,
/// the run pointer and key files, evidence before it is hashed or copied): by type and size first, with
/// <see cref="RegularFile"/>, so a FIFO, a device or a huge file is refused with a one-line
/// <see cref="DecisionFormatException"/> naming the file instead of blocking or filling memory.
/// </summary>
public static class EarlierRunFile
{
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>Largest evidence file hashed or copied from a run (a 100,000-sample soak journal is far
    /// less).</summary>
    public const long MaxEvidenceBytes = 1L << 30;

    public static string ReadText(string path)
    {
        try { return TextInput.ReadFile(path, MaxBytes); }
        catch (VvtvFormatException e) { throw new DecisionFormatException(path, e.Problem, e); }
    }

    /// <summary>The text of <paramref name="path"/>, or null when there is no such file (a FIFO is not
    /// "none").</summary>
    public static string? ReadTextIfAny(string path) => Path.Exists(path) ? ReadText(path) : null;

    /// <summary>
    /// <see cref="ReadTextIfAny"/> for a file the build keeps for itself (the run pointer, a --release-run key): a
    /// refusal ends the build with one line naming the file and what to do.
    /// </summary>
    public static string? ReadOwnFile(string path)
    {
        try { return ReadTextIfAny(path); }
        catch (DecisionFormatException e)
        {
            throw new Engine.ExpectedErrorException(e.Message, "remove or replace that file", e);
        }
    }

    /// <summary>
    /// Checks an evidence file by type and size before it is opened to be hashed or copied; its size when it may be.
    /// </summary>
    public static long CheckEvidence(string path)
    {
        try { return RegularFile.Check(path, MaxEvidenceBytes); }
        catch (VvtvFormatException e) { throw new DecisionFormatException(path, e.Problem, e); }
    }
}
