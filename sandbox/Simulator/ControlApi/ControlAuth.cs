using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Simulator.Common;

namespace Simulator.ControlApi;

/// <summary>The control auth of §3.3: bearer token, then headers, then freshness, then the HMAC.</summary>
public static class ControlAuth
{
    public const int WindowSeconds = 300;

    /// <summary>Null when the request passes, otherwise the contractual 401 body.</summary>
    public static string? Check(HttpContext ctx, ApiSettings settings, Faults faults, DateTimeOffset now)
    {
        var auth = Header(ctx, "Authorization");
        if (auth != $"Bearer {settings.Token}") return "invalid token";
        var ts = Header(ctx, "x-vvtv-ts");
        var sig = Header(ctx, "x-vvtv-signature");
        if (ts.Length == 0 || sig.Length == 0) return "missing signature headers";
        if (!long.TryParse(ts, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs((decimal)now.ToUnixTimeSeconds() - seconds) > WindowSeconds)
            return "stale timestamp";
        var expected = Hmac.Sign(settings.Secret, Hmac.Canonical(ctx.Request.Method, OriginalPath(ctx), ts, ""));
        if (faults.Has("bad-signature") || sig != expected) return "invalid signature";
        return null;
    }

    /// <summary>The path exactly as received, without the query string.</summary>
    public static string OriginalPath(HttpContext ctx)
    {
        var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw)) return ctx.Request.PathBase + ctx.Request.Path;
        var q = raw.IndexOf('?');
        return q < 0 ? raw : raw[..q];
    }

    private static string Header(HttpContext ctx, string name)
    {
        var value = ctx.Request.Headers[name].ToString();
        // A value that is not visible ASCII counts as empty, as in the http crate's to_str().
        return value.All(c => c == ' ' || c == '\t' || (c >= 0x21 && c <= 0x7e)) ? value : "";
    }
}
