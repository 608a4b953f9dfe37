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

    /// <summary>Identifies the command line (without --continue and secret values): the same in every attempt.</summary>
    public string Key { get; }

    /// <summary>True when --continue was given.</summary>
    public bool Resume { get; }

    public static ContinueState Open(AbsolutePath root, CommandLine commandLine, IEnumerable<string> secretNames, bool resume)
    {
        // Secret values stay out of the key: even a hash of them should not land on disk.
        var secrets = secretNames.ToHashSet();
        var key = string.Join("\u0001", commandLine.Positional) + "\u0002" + string.Join("\u0001",
            commandLine.Named.Where(n => n.Key != "continue" && !secrets.Contains(n.Key)).OrderBy(n => n.Key).Select(n => n.Key + "=" + string.Join("\u0003", n.Value.Values)));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant();
        var file = root / ".nuke" / "temp" / $"continue-{hash}.txt";
        var previous = resume && file.FileExists() ? File.ReadAllLines(file).ToHashSet() : [];
        var state = new ContinueState(file, previous, hash, resume);
        state._now.AddRange(previous);
        state.Save();
        return state;
    }

    public bool Succeeded(string target) => _previous.Contains(target);

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
