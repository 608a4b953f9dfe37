namespace Engine;

/// <summary>A normalized absolute file-system path with a <c>/</c> operator.</summary>
public readonly struct AbsolutePath : IEquatable<AbsolutePath>
{
    private readonly string? _path;

    private AbsolutePath(string path) => _path = path;

    /// <summary>Creates a path; relative input is resolved against the current directory.</summary>
    public static AbsolutePath Create(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("path is empty", nameof(path));
        var full = Path.GetFullPath(path);
        if (full.Length > 1) full = full.TrimEnd(Path.DirectorySeparatorChar);
        return new AbsolutePath(full);
    }

    public string Value => _path ?? throw new InvalidOperationException("uninitialized AbsolutePath");
    public AbsolutePath Parent => Create(Path.GetDirectoryName(Value) ?? Value);
    public string Name => Path.GetFileName(Value);
    public string NameWithoutExtension => Path.GetFileNameWithoutExtension(Value);
    public string Extension => Path.GetExtension(Value);

    public static AbsolutePath operator /(AbsolutePath left, string right) => Create(Path.Combine(left.Value, right));
    public static implicit operator string(AbsolutePath path) => path.Value;

    public bool Exists() => File.Exists(Value) || Directory.Exists(Value);
    public bool FileExists() => File.Exists(Value);
    public bool DirectoryExists() => Directory.Exists(Value);
    public AbsolutePath CreateDirectory() { Directory.CreateDirectory(Value); return this; }
    public AbsolutePath CreateOrCleanDirectory()
    {
        if (Directory.Exists(Value)) Directory.Delete(Value, recursive: true);
        return CreateDirectory();
    }
    public void DeleteFile() { if (File.Exists(Value)) File.Delete(Value); }
    public void DeleteDirectory() { if (Directory.Exists(Value)) Directory.Delete(Value, recursive: true); }
    public string ReadAllText() => File.ReadAllText(Value);
    public void WriteAllText(string text) { Parent.CreateDirectory(); File.WriteAllText(Value, text); }
    public string GetRelativePathTo(AbsolutePath other) => Path.GetRelativePath(Value, other.Value);
    public IEnumerable<AbsolutePath> GlobFiles(string pattern) =>
        Directory.Exists(Value) ? Directory.EnumerateFiles(Value, pattern, SearchOption.AllDirectories)
            .Select(Create) : [];

    public bool Equals(AbsolutePath other) => string.Equals(_path, other._path, StringComparison.Ordinal);
    public override bool Equals(object? obj) => obj is AbsolutePath other && Equals(other);
    public override int GetHashCode() => _path?.GetHashCode() ?? 0;
    public static bool operator ==(AbsolutePath a, AbsolutePath b) => a.Equals(b);
    public static bool operator !=(AbsolutePath a, AbsolutePath b) => !a.Equals(b);
    public override string ToString() => _path ?? "";
}
