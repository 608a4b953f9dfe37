using System.Net;
using System.Net.Sockets;
using CliWrap;
using CliWrap.Buffered;

namespace Build.Tests.Publishing;

/// <summary>
/// An installed Chrome or Chromium, run headless: CHROME_PATH, else google-chrome, chromium (or their other names) on
/// PATH.
/// Only when none is installed and the tests run as root (this machine's CI) is Debian's chromium installed with
/// apt-get;
/// a hosted runner's non-root user uses the Chrome its image has. Every run goes through a recording proxy on loopback,
/// so any network request a page makes is seen (and refused).
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private const string DebianChromium = "/usr/bin/chromium";
    private static readonly string[] Names = ["google-chrome", "google-chrome-stable", "chromium", "chromium-browser"];

    /// <summary>The browser this run uses; null until one is found or installed.</summary>
    public static string? Binary { get; private set; }
    private readonly TcpListener _proxy = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requests = [];

    private HeadlessChromium()
    {
        _proxy.Start();
        _ = Task.Run(AcceptAsync);
    }

    // Chromium's own services (component updater, time, sign-in) call home despite the flags; a page's requests never
    // go there.
    private static readonly string[] BrowserServices = ["update.googleapis.com", "clients2.google.com",
        "accounts.google.com"];

    /// <summary>Request lines a page sent to the proxy ("GET http://…", "CONNECT host:443"), without Chromium's own
    /// service calls.</summary>
    public IReadOnlyList<string> Requests
    {
        get { lock (_requests) return _requests.Where(r => !BrowserServices.Any(s => r.Contains("//" + s + "/")
            || r.StartsWith("CONNECT " + s + ":"))).ToList(); }
    }

    public static async Task<HeadlessChromium> StartAsync()
    {
        await EnsureInstalledAsync();
        return new HeadlessChromium();
    }

    /// <summary>Runs chromium on a page with extra arguments (e.g. --dump-dom) and returns its output.</summary>
    public async Task<BufferedCommandResult> RunAsync(string page, params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("vvtv-chromium-");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var port = ((IPEndPoint)_proxy.LocalEndpoint).Port;
            return await Cli.Wrap(Binary!)
                .WithArguments([
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir="
                        + profile.FullName,
                    // Everything, loopback included, goes to the recording proxy; Chrome's own background traffic is
                    // switched off.
                    $"--proxy-server=http://127.0.0.1:{port}", "--proxy-bypass-list=<-loopback>",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-default-apps",
                    "--disable-extensions", "--disable-domain-reliability", "--no-pings",
                        "--disable-features=OptimizationHints,MediaRouter",
                    "--virtual-time-budget=3000", .. args, new Uri(page).AbsoluteUri])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(timeout.Token);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _proxy.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _proxy.AcceptTcpClientAsync(_stop.Token); }
            catch { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = client.GetStream();
                    var line = await new StreamReader(stream).ReadLineAsync();
                    lock (_requests) _requests.Add(line ?? "(empty)");
                    var refuse = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();
                    try { await stream.WriteAsync(refuse); } catch (IOException) { }
                }
            });
        }
    }

    // apt-get from two test processes at once would fight over dpkg's lock; one installs, the other waits and finds it
    // installed.
    private static async Task EnsureInstalledAsync()
    {
        if ((Binary = Installed()) is not null) return;
        if (geteuid() != 0)
            Assert.Fail($"No Chrome or Chromium found (CHROME_PATH, then {string.Join(", ", Names)} on PATH) " +
                        "and only root may install one: install a browser or set CHROME_PATH");
        using var gate = await LockAsync(Path.Combine(Path.GetTempPath(), "vvtv-chromium-install.lock"));
        if ((Binary = Installed()) is not null) return;
        var log = new List<string>();
        foreach (var args in new[] { new[] { "update" }, new[] { "install", "-y", "--no-install-recommends",
            "chromium" } })
        {
            var result = await Cli.Wrap("apt-get").WithArguments(args).WithEnvironmentVariables(e
                => e.Set("DEBIAN_FRONTEND", "noninteractive"))
                .WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();
            log.Add($"apt-get {string.Join(' ', args)} → exit {result.ExitCode}\n{Tail(result.StandardError)}");
            if (result.ExitCode != 0) break;
        }
        if ((Binary = Installed()) is null)
            Assert.Fail(
                $"{DebianChromium} is missing and could not be installed with apt-get " +
                "(needs a Debian package mirror):\n" +
                string.Join("\n", log));
    }

    private static string? Installed()
    {
        if (Environment.GetEnvironmentVariable("CHROME_PATH") is { Length: > 0 } given)
            return File.Exists(given) ? given : throw new AssertionException($"CHROME_PATH={given} is not a file");
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return Names.SelectMany(n => path.Select(d => Path.Combine(d, n))).FirstOrDefault(File.Exists)
               ?? (File.Exists(DebianChromium) ? DebianChromium : null);
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();

    private static async Task<FileStream> LockAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { await Task.Delay(500); }
        }
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(15));
}
