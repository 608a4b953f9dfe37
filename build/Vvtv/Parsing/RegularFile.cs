using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vvtv;

/// <summary>
/// Refuses, by type and size before opening, a file that is not a regular file (a FIFO blocks its reader for good, a
/// device never ends) or is larger than a limit: files of earlier runs are read without trusting them.
/// </summary>
public static class RegularFile
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const ushort TypeMask = 0xF000;
    private const ushort Regular = 0x8000;

    // statx's struct has one layout on every architecture (unlike stat's): stx_mode at 28, stx_size at 40.
    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

    /// <summary>
    /// The size of <paramref name="path"/> (symlinks followed); throws <see cref="VvtvFormatException"/> when it is
    /// missing, not a regular file, or more than <paramref name="maxBytes"/> bytes.
    /// </summary>
    public static long Check(string path, long maxBytes)
    {
        var buffer = new byte[256];
        if (statx(AtFdCwd, path, 0, StatxType | StatxSize, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new VvtvFormatException(path, null,
                errno == 2 ? "file not found" : $"cannot read file (errno {errno})");
        }
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        if ((mode & TypeMask) != Regular)
            throw new VvtvFormatException(path, null,
                $"is a {Kind(mode)}, not a regular file; refused instead of read");
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(40));
        if (size > maxBytes)
            throw new VvtvFormatException(path, null, $"file is {size} bytes, more than the limit of {maxBytes}");
        return size;
    }

    private static string Kind(ushort mode) => (mode & TypeMask) switch
    {
        0x1000 => "FIFO (named pipe)",
        0x2000 => "character device",
        0x4000 => "directory",
        0x6000 => "block device",
        0xC000 => "socket",
        _ => "special file",
    };
}
