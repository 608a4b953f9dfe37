using System.Security.Cryptography;
using System.Text;

namespace Simulator.Common;

/// <summary>The VVTV request signature: lowercase hex HMAC-SHA256 of `METHOD\nPATH\nTS\nBODY`.</summary>
public static class Hmac
{
    public static string Canonical(string method, string path, string ts, string body) =>
        $"{method}\n{path}\n{ts}\n{body}";

    public static string Sign(string secret, string canonical) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(canonical)));
}
