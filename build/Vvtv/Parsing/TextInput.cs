using System.Text;

namespace Vvtv;

/// <summary>Reads VVTV text strictly: bounded size, valid UTF-8, clear errors instead of IO exceptions.</summary>
public static class TextInput
{
    /// <summary>Largest file a parser accepts; VVTV's files are small, so anything bigger is hostile or
    /// broken.</summary>
    public const int DefaultMaxBytes = 4 * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    /// <summary>Reads a whole file as strict UTF-8.</summary>
    public static string ReadFile(string path, int maxBytes = DefaultMaxBytes)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                throw new VvtvFormatException(path, null, "file not found");
            if (info.Length > maxBytes)
                throw new VvtvFormatException(path, null,
                    $"file is {info.Length} bytes, more than the limit of {maxBytes}");
            bytes = File.ReadAllBytes(path);
        }
        catch (VvtvFormatException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                       or NotSupportedException)
        {
            throw new VvtvFormatException(path, null, $"cannot read file: {e.Message}", e);
        }
        return Decode(bytes, path, maxBytes);
    }

    /// <summary>Decodes bytes as strict UTF-8, reporting the line of the first invalid byte.</summary>
    public static string Decode(byte[] bytes, string source, int maxBytes = DefaultMaxBytes)
    {
        if (bytes.Length > maxBytes)
            throw new VvtvFormatException(source, null,
                $"input is {bytes.Length} bytes, more than the limit of {maxBytes}");
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            throw new VvtvFormatException(source, 1, "starts with a UTF-8 byte order mark, which VVTV never writes");
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var line = 1 + CountLinesBeforeInvalid(bytes);
            throw new VvtvFormatException(source, line, "not valid UTF-8", e);
        }
    }

    /// <summary>Checks already-decoded text against the size limit (for HTTP bodies and in-memory text).</summary>
    public static void CheckSize(string text, string source, int maxBytes = DefaultMaxBytes)
    {
        if (text.Length > maxBytes)
            throw new VvtvFormatException(source, null,
                $"input is {text.Length} characters, more than the limit of {maxBytes}");
    }

    /// <summary>Splits on LF (tolerating CRLF), dropping the empty piece after the final newline.</summary>
    public static IReadOnlyList<string> Lines(string text)
    {
        var lines = text.Split('\n').Select(l => l.EndsWith('\r') ? l[..^1] : l).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private static int CountLinesBeforeInvalid(byte[] bytes)
    {
        // Find the first invalid position by decoding progressively larger prefixes by line.
        var lines = 0;
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            try { StrictUtf8.GetString(bytes, start, i - start); }
            catch (DecoderFallbackException) { return lines; }
            lines++;
            start = i + 1;
        }
        return lines;
    }
}
