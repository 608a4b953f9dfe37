using System.Text;

namespace Simulator.Orchestrator;

/// <summary>Writes the mock-path HLS playlist: version-3 header, one 600 s entry per queue item.</summary>
public static class HlsWriter
{
    public static (string Path, int Bytes) Write(IReadOnlyList<string> assetIds)
    {
        Directory.CreateDirectory(Paths.Hls);
        var sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:600\n#EXT-X-MEDIA-SEQUENCE:0\n");
        foreach (var id in assetIds) sb.Append("#EXTINF:600.0,\nassets/").Append(id).Append(".ts\n");
        sb.Append("#EXT-X-ENDLIST\n");
        var path = System.IO.Path.Combine(Paths.Hls, "index.m3u8");
        File.WriteAllText(path, sb.ToString());
        return (path, Encoding.UTF8.GetByteCount(sb.ToString()));
    }
}
