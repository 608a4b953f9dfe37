using System.Security.Cryptography;
using System.Text;

namespace Engine;

/// <summary>Targets that succeeded in the previous attempt of the same command line (for --continue).</summary>
internal sealed class ContinueState
{
    private readonly AbsolutePath _file;
    private readonly HashSet<string> _previous;
    private readonly List<string> _now = [];

    private ContinueState(AbsolutePath file, HashSet<string> previous, string key, bool resume)
    {
        _file = file;
        _previous = previous;
        Key = key;
        Resume = resume;
    }

    /// <summary>Identifies the command line (without --continue and secret values): the same in every
    /// attempt.</summary>
    public string Key { get; }

    /// <summary>True when --continue was given.</summary>
    public bool Resume { get; }

    public static ContinueState Open(AbsolutePath root, CommandLine commandLine, IEnumerable<string> secretNames,
        bool resume)
    {
        var (key, previous) = Peek(root, commandLine, secretNames, resume);
        var state = new ContinueState(FileOf(root, key), previous.ToHashSet(), key, resume);
        state._now.AddRange(previous);
        state.Save();
        return state;
    }

    /// <summary>
    /// What <see cref="Open"/> would find, writing nothing (for --plan): the key and, with --continue, the targets
    /// that succeeded in the previous attempt.
    /// </summary>
    public static (string Key, IReadOnlySet<string> Succeeded) Peek(AbsolutePath root, CommandLine commandLine,
        IEnumerable<string> secretNames, bool resume)
    {
        var key = KeyOf(commandLine, secretNames);
        var file = FileOf(root, key);
        return (key, resume && file.FileExists() ? File.ReadAllLines(file).ToHashSet() : []);
    }

    // --continue and --plan are left out: the key is the same in every attempt and in the plan of an attempt.
    // Secret values stay out of the key: even a hash of them should not land on disk.
    private static string KeyOf(CommandLine commandLine, IEnumerable<string> secretNames)
    {
        var secrets = secretNames.ToHashSet();
        var named = commandLine.Named
            .Where(n => n.Key is not ("continue" or "plan") && !secrets.Contains(n.Key))
            .OrderBy(n => n.Key)
            .Select(n => n.Key + "=" + string.Join("\u0003", n.Value.Values));
        var key = string.Join("\u0001", commandLine.Positional) + "\u0002" + string.Join("\u0001", named);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant();
    }

    private static AbsolutePath FileOf(AbsolutePath root, string key) =>
        root / ".nuke" / "temp" / $"continue-{key}.txt";

    public bool Succeeded(string target) => _previous.Contains(target);

    /// <summary>True when the previous attempt left targets that --continue would skip.</summary>
    public bool HasPrevious => _previous.Count > 0;

    /// <summary>The previous attempt's successes no longer stand: every target runs again, and this attempt's own
    /// successes are all the next --continue skips.</summary>
    public void Forget()
    {
        _previous.Clear();
        _now.Clear();
        Save();
    }

    public void MarkSucceeded(string target)
    {
        if (_now.Contains(target)) return;
        _now.Add(target);
        Save();
    }

    private void Save()
    {
        _file.Parent.CreateDirectory();
        File.WriteAllLines(_file, _now);
    }
}
