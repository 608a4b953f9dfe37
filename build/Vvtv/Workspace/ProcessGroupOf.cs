namespace Vvtv;

/// <summary>The process group of a process, read from /proc (Linux).</summary>
public static class ProcessGroupOf
{
    /// <summary>The pgid of <paramref name="pid"/>, or null when the process is gone or unreadable.</summary>
    public static int? Pid(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2]);
        }
        catch (Exception) { return null; }
    }
}
