namespace Engine;

/// <summary>
/// Word wrapping for help text: words stay whole, a word longer than the line gets a line of its own.
/// </summary>
internal static class TextWrap
{
    /// <summary>
    /// Lines of at most <paramref name="width"/> characters: the first starts with <paramref name="first"/>, the rest
    /// with <paramref name="indent"/> spaces.
    /// </summary>
    public static IEnumerable<string> Lines(string first, string text, int indent, int width)
    {
        var line = first;
        var empty = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > width)
            {
                yield return line;
                line = new string(' ', indent);
                empty = true;
            }
            line = empty && line.Length >= indent ? line + word : line + " " + word;
            empty = false;
        }
        yield return line.TrimEnd();
    }
}
