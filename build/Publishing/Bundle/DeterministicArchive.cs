using System.Formats.Tar;
using System.IO.Compression;

namespace Publishing;

/// <summary>Writes a tar.gz whose bytes depend only on the files' names and contents.</summary>
public static class DeterministicArchive
{
    /// <summary>Archives <paramref name="relativePaths"/> of <paramref name="root"/> under <paramref name="prefix"/>/,
    /// sorted, with a fixed time, owner root:root (uid/gid 0, empty names) and mode 0644.</summary>
    public static void Write(string root, IEnumerable<string> relativePaths, string archivePath, string prefix,
        DateTimeOffset time)
    {
        using var file = new FileStream(archivePath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        // .NET's GZipStream writes a fixed header (MTIME 0, no FNAME), so the output only depends on the input bytes.
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var rel in relativePaths.Distinct().Order(StringComparer.Ordinal))
            {
                using var data = File.OpenRead(Path.Combine(root, rel));
                // GNU format carries atime/ctime too; fixing all three keeps the header free of clock time.
                var entry = new GnuTarEntry(TarEntryType.RegularFile, prefix + "/" + rel)
                {
                    ModificationTime = time,
                    AccessTime = time,
                    ChangeTime = time,
                    Uid = 0,
                    Gid = 0,
                    UserName = "",
                    GroupName = "",
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead
                           | UnixFileMode.OtherRead,
                    DataStream = data,
                };
                tar.WriteEntry(entry);
            }
        }
    }
}
