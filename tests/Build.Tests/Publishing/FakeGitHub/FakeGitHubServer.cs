using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;
using Tests.Shared;

namespace Build.Tests.Publishing.FakeGitHub;

/// <summary>A fault the fake injects into the next matching request.</summary>
public enum FakeFault
{
    /// <summary>The next upload is read and answered 502 without storing it.</summary>
    UploadBadGateway,
    /// <summary>The next upload is stored, then answered 502 (the response got lost).</summary>
    UploadStoredThenBadGateway,
    /// <summary>The next API (not upload) request gets a 403 secondary rate limit with retry-after: 1.</summary>
    SecondaryRateLimit,
    /// <summary>
    /// The next API request gets a 403 primary rate limit: x-ratelimit-remaining 0 and a reset one second ahead.
    /// </summary>
    PrimaryRateLimit,
    /// <summary>The next API request gets 429 Too Many Requests with retry-after: 0.</summary>
    TooManyRequests,
    /// <summary>The next API request gets 503 Service Unavailable.</summary>
    ServiceUnavailable,
    /// <summary>
    /// The next upload is stored, then the response is held back for <see cref="FakeGitHubServer.HangTime"/>.
    /// </summary>
    UploadStoredThenHang,
    /// <summary>
    /// The next API request is answered only after <see cref="FakeGitHubServer.HangTime"/> (or when the fake stops).
    /// </summary>
    ApiHang,
}

/// <summary>
/// A loopback GitHub REST API speaking the protocol Octokit uses: releases under /api/v3/, uploads on a second origin.
/// </summary>
public sealed class FakeGitHubServer : IDisposable
{
    private readonly HttpListener _api;
    private readonly HttpListener _uploads;
    private readonly object _gate = new();
    private readonly List<FakeRelease> _releases = [];
    private readonly Dictionary<string, (string Sha, bool Annotated)> _tags = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeFault> _faults = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly List<TcpListener> _reserved = [];
    private long _nextId = 1;

    /// <summary>Token a request must carry.</summary>
    public string Token { get; }
    /// <summary>Base of the API, ends in /api/v3/.</summary>
    public Uri ApiBase { get; }
    /// <summary>Origin of uploads and downloads.</summary>
    public Uri UploadBase { get; }
    /// <summary>Page size used when the client sends no per_page (GitHub: 30).</summary>
    public int DefaultPageSize { get; set; } = 30;
    /// <summary>How long <see cref="FakeFault.UploadStoredThenHang"/> holds the response.</summary>
    public TimeSpan HangTime { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>How many answers <see cref="FakeFault.ApiHang"/> holds back right now.</summary>
    public int Holding => Volatile.Read(ref _holding);
    private int _holding;
    /// <summary>Every request as "METHOD /path", in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>
    /// Starts both listeners on free loopback ports: the test's own, or those of <paramref name="network"/>, where the
    /// builds that talk to it run.
    /// </summary>
    public FakeGitHubServer(string token, OwnNetwork? network = null)
    {
        Token = token;
        // A port picked free can be taken before we bind it (other test projects run side by side): pick again.
        for (var attempt = 1; ; attempt++)
        {
            var apiPort = FreePort(reserve: network is not null);
            var upPort = FreePort(reserve: network is not null);
            try
            {
                _api = new HttpListener();
                _uploads = new HttpListener();
                _api.Prefixes.Add($"http://127.0.0.1:{apiPort}/");
                _uploads.Prefixes.Add($"http://127.0.0.1:{upPort}/");
                if (network is null) StartListeners();
                else network.Inside(StartListeners);
                ApiBase = new Uri($"http://127.0.0.1:{apiPort}/api/v3/");
                UploadBase = new Uri($"http://127.0.0.1:{upPort}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                _api.Close();
                _uploads.Close();
                ReleaseReservations();
            }
        }
        _loops.Add(Task.Run(() => Loop(_api, HandleApi)));
        _loops.Add(Task.Run(() => Loop(_uploads, HandleUploadOrigin)));
    }

    /// <summary>Queues a fault for a later request.</summary>
    public void Inject(FakeFault fault) => _faults.Enqueue(fault);

    /// <summary>Adds a release directly, as if created earlier.</summary>
    public FakeRelease AddRelease(string tag, bool draft, string body = "")
    {
        lock (_gate)
        {
            var r = new FakeRelease(_nextId++, tag) { Draft = draft, Body = body, Name = tag };
            _releases.Add(r);
            return r;
        }
    }

    /// <summary>
    /// Adds a git tag as if pushed earlier: lightweight (a ref to the commit) or annotated (a ref to a tag object).
    /// </summary>
    public void AddTag(string tag, string commit, bool annotated = false)
    {
        lock (_gate) _tags[tag] = (commit, annotated);
    }

    /// <summary>
    /// The commit a tag points at, or null; a published release creates its tag at target_commitish like GitHub.
    /// </summary>
    public string? TagCommit(string tag)
    {
        lock (_gate) return _tags.TryGetValue(tag, out var t) ? t.Sha : null;
    }

    /// <summary>A snapshot of the releases.</summary>
    public IReadOnlyList<FakeRelease> Releases { get { lock (_gate) return _releases.ToList(); } }

    /// <summary>Number of requests whose "METHOD path" starts with <paramref name="prefix"/>.</summary>
    public int Count(string prefix) => Requests.Count(r => r.StartsWith(prefix, StringComparison.Ordinal));

    private void StartListeners()
    {
        _api.Start();
        _uploads.Start();
    }

    // HttpListener keeps one socket per address and port for the whole test host, whatever namespace it was bound in:
    // a port for a listener in another namespace stays reserved here until Dispose, so no other server is handed it.
    private int FreePort(bool reserve)
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        if (reserve) _reserved.Add(l);
        else l.Stop();
        return port;
    }

    private void ReleaseReservations()
    {
        foreach (var l in _reserved) l.Stop();
        _reserved.Clear();
    }

    private async Task Loop(HttpListener listener, Func<HttpListenerContext, Task> handle)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await listener.GetContextAsync(); }
            catch { return; }
            _ = Task.Run(async () =>
            {
                try { await handle(ctx); }
                catch (Exception ex)
                {
                    try { await Write(ctx, 500, new JsonObject { ["message"] = "fake error: " +
                        ex.Message }); } catch { }
                }
            });
        }
    }

    private bool Authorized(HttpListenerContext ctx)
    {
        var auth = ctx.Request.Headers["Authorization"] ?? "";
        return auth == "Bearer " + Token || auth == "token " + Token;
    }

    private async Task HandleApi(HttpListenerContext ctx)
    {
        var req = ctx.Request;
        var path = req.Url!.AbsolutePath;
        Requests.Enqueue($"{req.HttpMethod} {path}");
        if (!Authorized(ctx)) { await Write(ctx, 401, Message("Bad credentials")); return; }
        if (_faults.TryPeek(out var f) && f == FakeFault.SecondaryRateLimit && _faults.TryDequeue(out _))
        {
            ctx.Response.Headers["retry-after"] = "1";
            await Write(ctx, 403,
                Message("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."));
            return;
        }
        if (_faults.TryPeek(out f) && f == FakeFault.TooManyRequests && _faults.TryDequeue(out _))
        {
            ctx.Response.Headers["retry-after"] = "0";
            await Write(ctx, 429, Message("Too Many Requests"));
            return;
        }
        if (_faults.TryPeek(out f) && f == FakeFault.ApiHang && _faults.TryDequeue(out _))
        {
            Interlocked.Increment(ref _holding);
            try { await Task.Delay(HangTime, _stop.Token); }
            catch (OperationCanceledException) { return; }
            finally { Interlocked.Decrement(ref _holding); }
        }
        if (_faults.TryPeek(out f) && f == FakeFault.ServiceUnavailable && _faults.TryDequeue(out _))
        {
            await WriteText(ctx, 503, "<html>503 Service Unavailable</html>");
            return;
        }
        if (_faults.TryPeek(out f) && f == FakeFault.PrimaryRateLimit && _faults.TryDequeue(out _))
        {
            ctx.Response.Headers["x-ratelimit-limit"] = "5000";
            ctx.Response.Headers["x-ratelimit-remaining"] = "0";
            ctx.Response.Headers["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds()
                .ToString();
            await Write(ctx, 403, Message("API rate limit exceeded for user."));
            return;
        }
        var parts = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        // api v3 repos {owner} {repo} git ref(s) tags {tag} | git tags {sha}
        if (parts.Length >= 7 && parts[0] == "api" && parts[2] == "repos" && parts[5] == "git"
            && req.HttpMethod == "GET")
        { await HandleGit(ctx, parts[3], parts[4], parts[6..]); return; }
        // api v3 repos {owner} {repo} releases ...
        if (parts.Length < 6 || parts[0] != "api" || parts[1] != "v3" || parts[2] != "repos" || parts[5] != "releases")
        { await Write(ctx, 404, Message("Not Found")); return; }
        var (owner, repo, rest) = (parts[3], parts[4], parts[6..]);
        var m = req.HttpMethod;

        if (rest.Length == 0 && m == "GET") { await WritePage(ctx, Releases.Select(r => ReleaseJson(owner, repo, r))
            .ToList()); return; }
        if (rest.Length == 0 && m == "POST") { await CreateRelease(ctx, owner, repo); return; }
        if (rest.Length == 2 && rest[0] == "tags" && m == "GET")
        {
            var r = Releases.FirstOrDefault(x => x.Tag == rest[1]
                && !x.Draft); // drafts stay hidden from the tag lookup
            await (r is null ? Write(ctx, 404, Message("Not Found")) : Write(ctx, 200, ReleaseJson(owner, repo, r)));
            return;
        }
        if (rest.Length == 2 && rest[0] == "assets" && long.TryParse(rest[1], out var assetId))
        {
            var (rel, asset) = FindAsset(assetId);
            if (asset is null) { await Write(ctx, 404, Message("Not Found")); return; }
            if (m == "DELETE")
            {
                lock (_gate) rel!.Assets.Remove(asset);
                ctx.Response.StatusCode = 204;
                ctx.Response.Close();
                return;
            }
            if (m == "GET" && (req.Headers["Accept"] ?? "").Contains("application/octet-stream"))
            {
                // Like github.com: the API answers with a redirect to the download host.
                ctx.Response.StatusCode = 302;
                ctx.Response.RedirectLocation = new Uri(UploadBase, $"downloads/{asset.Id}").ToString();
                ctx.Response.Close();
                return;
            }
            if (m == "GET") { await Write(ctx, 200, AssetJson(owner, repo, asset)); return; }
        }
        if (rest.Length >= 1 && long.TryParse(rest[0], out var id))
        {
            var r = Releases.FirstOrDefault(x => x.Id == id);
            if (r is null) { await Write(ctx, 404, Message("Not Found")); return; }
            if (rest.Length == 1 && m == "GET") { await Write(ctx, 200, ReleaseJson(owner, repo, r)); return; }
            if (rest.Length == 1 && m == "PATCH") { await UpdateRelease(ctx, owner, repo, r); return; }
            if (rest.Length == 2 && rest[1] == "assets" && m == "GET")
            {
                List<FakeAsset> assets;
                lock (_gate) assets = r.Assets.ToList();
                await WritePage(ctx, assets.Select(a => AssetJson(owner, repo, a)).ToList());
                return;
            }
        }
        await Write(ctx, 404, Message("Not Found"));
    }

    private async Task HandleGit(HttpListenerContext ctx, string owner, string repo, string[] rest)
    {
        (string Sha, bool Annotated) tag = default;
        bool found;
        if (rest.Length == 3 && rest[0] is "ref" or "refs" && rest[1] == "tags")
        {
            lock (_gate) found = _tags.TryGetValue(rest[2], out tag);
            if (!found) { await Write(ctx, 404, Message("Not Found")); return; }
            // An annotated tag's ref points at a tag object, named here by the commit reversed.
            var objectSha = tag.Annotated ? new string(tag.Sha.Reverse().ToArray()) : tag.Sha;
            var api = new Uri(ApiBase, $"repos/{owner}/{repo}/git/");
            await Write(ctx, 200, new JsonObject
            {
                ["ref"] = "refs/tags/" + rest[2], ["node_id"] = "REF_" + rest[2], ["url"] = api + "refs/tags/" +
                    rest[2],
                ["object"] = new JsonObject
                {
                    ["type"] = tag.Annotated ? "tag" : "commit", ["sha"] = objectSha,
                    ["url"] = api + (tag.Annotated ? "tags/" : "commits/") + objectSha,
                },
            });
            return;
        }
        if (rest.Length == 2 && rest[0] == "tags")
        {
            KeyValuePair<string, (string Sha, bool Annotated)> hit;
            lock (_gate) hit = _tags.FirstOrDefault(t => t.Value.Annotated && new string(t.Value.Sha.Reverse()
                .ToArray()) == rest[1]);
            if (hit.Key is null) { await Write(ctx, 404, Message("Not Found")); return; }
            await Write(ctx, 200, new JsonObject
            {
                ["node_id"] = "TAG_" + hit.Key, ["tag"] = hit.Key, ["sha"] = rest[1], ["message"] = hit.Key,
                ["url"] = new Uri(ApiBase, $"repos/{owner}/{repo}/git/tags/{rest[1]}").ToString(),
                ["object"] = new JsonObject { ["type"] = "commit", ["sha"] = hit.Value.Sha, ["url"] = "" },
            });
            return;
        }
        await Write(ctx, 404, Message("Not Found"));
    }

    private async Task CreateRelease(HttpListenerContext ctx, string owner, string repo)
    {
        var body = JsonNode.Parse(await ReadBody(ctx))!.AsObject();
        var tag = (string?)body["tag_name"];
        if (string.IsNullOrEmpty(tag)) { await Write(ctx, 422, Validation("Release", "missing_field",
            "tag_name")); return; }
        FakeRelease r;
        lock (_gate)
        {
            if (_releases.Any(x => x.Tag == tag && !x.Draft))
                r = null!;
            else
            {
                r = new FakeRelease(_nextId++, tag)
                {
                    Name = (string?)body["name"] ?? tag, Body = (string?)body["body"] ?? "",
                        Draft = (bool?)body["draft"] ?? false,
                    TargetCommitish = (string?)body["target_commitish"] ?? "main",
                        Prerelease = (bool?)body["prerelease"] ?? false,
                    MakeLatest = (string?)body["make_latest"],
                };
                _releases.Add(r);
                PublishTag(r);
            }
        }
        if (r is null) { await Write(ctx, 422, Validation("Release", "already_exists", "tag_name")); return; }
        await Write(ctx, 201, ReleaseJson(owner, repo, r));
    }

    private async Task UpdateRelease(HttpListenerContext ctx, string owner, string repo, FakeRelease r)
    {
        var body = JsonNode.Parse(await ReadBody(ctx))!.AsObject();
        var text = (string?)body["body"];
        if (text is not null && text.Length > 125_000)
        { await Write(ctx, 422, Validation("Release", "custom", "body")); return; }
        lock (_gate)
        {
            if (body["draft"] is not null) r.Draft = (bool)body["draft"]!;
            if (text is not null) r.Body = text;
            if (body["name"] is not null) r.Name = (string)body["name"]!;
            if (body["target_commitish"] is not null) r.TargetCommitish = (string)body["target_commitish"]!;
            if (body["prerelease"] is not null) r.Prerelease = (bool)body["prerelease"]!;
            if (body["make_latest"] is not null) r.MakeLatest = (string)body["make_latest"]!;
            r.Edits++;
            PublishTag(r);
        }
        await Write(ctx, 200, ReleaseJson(owner, repo, r));
    }

    // Like GitHub: publishing a release creates its tag at target_commitish when the tag does not exist yet.
    private void PublishTag(FakeRelease r)
    {
        if (!r.Draft && !_tags.ContainsKey(r.Tag)) _tags[r.Tag] = (r.TargetCommitish, false);
    }

    private async Task HandleUploadOrigin(HttpListenerContext ctx)
    {
        var req = ctx.Request;
        var path = req.Url!.AbsolutePath;
        Requests.Enqueue($"{req.HttpMethod} upload:{path}");
        var parts = path.Trim('/').Split('/');
        if (parts.Length == 2 && parts[0] == "downloads" && req.HttpMethod == "GET" && long.TryParse(parts[1],
            out var dl))
        {
            var (_, asset) = FindAsset(dl);
            if (asset is null) { await Write(ctx, 404, Message("Not Found")); return; }
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.ContentLength64 = asset.Data.Length;
            await ctx.Response.OutputStream.WriteAsync(asset.Data);
            ctx.Response.Close();
            return;
        }
        // repos {owner} {repo} releases {id} assets?name=
        if (parts.Length != 6 || parts[0] != "repos" || parts[3] != "releases" || parts[5] != "assets"
            || req.HttpMethod != "POST"
            || !long.TryParse(parts[4], out var id))
        { await Write(ctx, 404, Message("Not Found")); return; }
        if (!Authorized(ctx)) { await Write(ctx, 401, Message("Bad credentials")); return; }
        var name = HttpUtility.ParseQueryString(req.Url.Query)["name"];
        using var buffer = new MemoryStream();
        await req.InputStream.CopyToAsync(buffer);
        var release = Releases.FirstOrDefault(r => r.Id == id);
        if (release is null || string.IsNullOrEmpty(name)) { await Write(ctx, 404, Message("Not Found")); return; }

        FakeFault? fault = null;
        if (_faults.TryPeek(out var f)
            && f is FakeFault.UploadBadGateway or FakeFault.UploadStoredThenBadGateway or FakeFault.UploadStoredThenHang
            && _faults.TryDequeue(out f))
            fault = f;
        if (fault == FakeFault.UploadBadGateway) { await WriteText(ctx, 502, "<html>502 Bad Gateway</html>"); return; }

        FakeAsset? stored = null;
        lock (_gate)
        {
            if (release.Assets.All(a => a.Name != name))
            {
                stored = new FakeAsset(_nextId++, name, req.ContentType ?? "application/octet-stream",
                    buffer.ToArray());
                release.Assets.Add(stored);
                release.Uploads++;
            }
        }
        if (stored is null) { await Write(ctx, 422, Validation("ReleaseAsset", "already_exists", "name")); return; }
        if (fault == FakeFault.UploadStoredThenBadGateway) { await WriteText(ctx, 502,
            "<html>502 Bad Gateway</html>"); return; }
        if (fault == FakeFault.UploadStoredThenHang) await Task.Delay(HangTime);
        await Write(ctx, 201, AssetJson(parts[1], parts[2], stored));
    }

    private (FakeRelease?, FakeAsset?) FindAsset(long id)
    {
        lock (_gate)
            foreach (var r in _releases)
                if (r.Assets.FirstOrDefault(a => a.Id == id) is { } a) return (r, a);
        return (null, null);
    }

    private async Task WritePage(HttpListenerContext ctx, List<JsonObject> items)
    {
        var q = HttpUtility.ParseQueryString(ctx.Request.Url!.Query);
        var page = int.TryParse(q["page"], out var p) && p > 0 ? p : 1;
        var size = int.TryParse(q["per_page"], out var s) && s > 0 ? Math.Min(s, 100) : DefaultPageSize;
        if (page * size < items.Count)
        {
            var next = new UriBuilder(ctx.Request.Url) { Query = $"per_page={size}&page={page + 1}" }.Uri;
            ctx.Response.Headers["Link"] = $"<{next}>; rel=\"next\"";
        }
        await Write(ctx, 200, new JsonArray(items.Skip((page - 1) * size).Take(size).Select(i => (JsonNode)i)
            .ToArray()));
    }

    private JsonObject ReleaseJson(string owner, string repo, FakeRelease r)
    {
        var api = new Uri(ApiBase, $"repos/{owner}/{repo}/releases/{r.Id}");
        List<FakeAsset> assets;
        lock (_gate) assets = r.Assets.ToList();
        return new JsonObject
        {
            ["url"] = api.ToString(),
            ["html_url"] = $"http://127.0.0.1/{owner}/{repo}/releases/tag/{r.Tag}",
            ["assets_url"] = api + "/assets",
            ["upload_url"] = new Uri(UploadBase, $"repos/{owner}/{repo}/releases/{r.Id}/assets") + "{?name,label}",
            ["id"] = r.Id,
            ["node_id"] = "RE_" + r.Id,
            ["tag_name"] = r.Tag,
            ["target_commitish"] = r.TargetCommitish,
            ["name"] = r.Name,
            ["body"] = r.Body,
            ["draft"] = r.Draft,
            ["prerelease"] = r.Prerelease,
            ["created_at"] = "2026-01-01T00:00:00Z",
            ["published_at"] = r.Draft ? null : "2026-01-01T00:00:00Z",
            ["assets"] = new JsonArray(assets.Select(a => (JsonNode)AssetJson(owner, repo, a)).ToArray()),
        };
    }

    private JsonObject AssetJson(string owner, string repo, FakeAsset a) => new()
    {
        ["url"] = new Uri(ApiBase, $"repos/{owner}/{repo}/releases/assets/{a.Id}").ToString(),
        ["browser_download_url"] = new Uri(UploadBase, $"downloads/{a.Id}").ToString(),
        ["id"] = a.Id,
        ["node_id"] = "RA_" + a.Id,
        ["name"] = a.Name,
        ["label"] = "",
        ["state"] = "uploaded",
        ["content_type"] = a.ContentType,
        ["size"] = a.Data.Length,
        ["download_count"] = 0,
        ["created_at"] = "2026-01-01T00:00:00Z",
        ["updated_at"] = "2026-01-01T00:00:00Z",
    };

    private static JsonObject Message(string text) => new() { ["message"] = text,
        ["documentation_url"] = "https://docs.github.com/rest" };

    private static JsonObject Validation(string resource, string code, string field) => new()
    {
        ["message"] = "Validation Failed",
        ["errors"] = new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = code, ["field"] = field }),
        ["documentation_url"] = "https://docs.github.com/rest",
    };

    private static async Task<string> ReadBody(HttpListenerContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static Task Write(HttpListenerContext ctx, int status, JsonNode json) =>
        WriteText(ctx, status, json.ToJsonString(), "application/json; charset=utf-8");

    private static async Task WriteText(HttpListenerContext ctx, int status, string text, string type = "text/html")
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = type;
        ctx.Response.ContentLength64 = bytes.Length;
        await ctx.Response.OutputStream.WriteAsync(bytes);
        ctx.Response.Close();
    }

    /// <summary>Stops both listeners.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _api.Close();
        _uploads.Close();
        Task.WaitAll(_loops.ToArray(), TimeSpan.FromSeconds(5));
        ReleaseReservations();
    }
}

/// <summary>A release held by the fake.</summary>
public sealed class FakeRelease(long id, string tag)
{
    /// <summary>Release id.</summary>
    public long Id { get; } = id;
    /// <summary>Tag name.</summary>
    public string Tag { get; } = tag;
    /// <summary>Title.</summary>
    public string Name { get; set; } = tag;
    /// <summary>Notes.</summary>
    public string Body { get; set; } = "";
    /// <summary>Draft flag.</summary>
    public bool Draft { get; set; }
    /// <summary>Where the tag is created on publishing ("main" when none was sent).</summary>
    public string TargetCommitish { get; set; } = "main";
    /// <summary>Prerelease flag.</summary>
    public bool Prerelease { get; set; }
    /// <summary>The last make_latest sent ("true", "false", "legacy"), or null.</summary>
    public string? MakeLatest { get; set; }
    /// <summary>Stored assets.</summary>
    public List<FakeAsset> Assets { get; } = [];
    /// <summary>Assets stored by uploads.</summary>
    public int Uploads { get; set; }
    /// <summary>PATCH requests applied.</summary>
    public int Edits { get; set; }
}

/// <summary>An asset held by the fake.</summary>
public sealed record FakeAsset(long Id, string Name, string ContentType, byte[] Data);
