using System.Security.Cryptography;
using System.Text;

namespace Vvtv;

/// <summary>HMAC-SHA256 request signing shared by the control API (empty body) and Worker ingest (raw
/// body).</summary>
public static class HmacSigner
{
    /// <summary>METHOD LF PATH LF TS LF BODY.</summary>
    public static string CanonicalString(string method, string path, string timestamp, string body) =>
        $"{method}\n{path}\n{timestamp}\n{body}";

    /// <summary>Lowercase hex HMAC-SHA256 of a canonical string, keyed with the UTF-8 secret.</summary>
    public static string Sign(string secret, string canonical) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(canonical)));

    /// <summary>Signature for a control API call; the server always signs an empty body.</summary>
    public static string SignControl(string secret, string path, string timestamp, string method = "POST") =>
        Sign(secret, CanonicalString(method, path, timestamp, ""));

    /// <summary>Signature for a Worker ingest call over the raw body text.</summary>
    public static string SignIngest(string secret, string path, string timestamp, string body,
        string method = "POST") =>
        Sign(secret, CanonicalString(method, path, timestamp, body));

    /// <summary>Current Unix seconds as the header expects them.</summary>
    public static string NowTimestamp(TimeProvider? clock = null) =>
        (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds()
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
}
