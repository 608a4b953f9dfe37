using System.Security.Cryptography;

namespace Publishing;

/// <summary>Streaming SHA-256 of files, read in large sequential chunks.</summary>
public static class Sha256File
{
    // 1 MiB reads keep syscall overhead negligible against the hashing itself.
    private const int BufferSize = 1 << 20;

    /// <summary>Lower-case hex SHA-256 of the file at <paramref name="path"/>.</summary>
    public static string Compute(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize,
            FileOptions.SequentialScan);
        return Compute(stream);
    }

    /// <summary>Lower-case hex SHA-256 of the rest of <paramref name="stream"/>.</summary>
    public static string Compute(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            hash.AppendData(buffer, 0, read);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Lower-case hex SHA-256 of a byte array.</summary>
    public static string Compute(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
