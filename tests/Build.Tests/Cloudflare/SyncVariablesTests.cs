using Cloudflare;

namespace Build.Tests.Cloudflare;

/// <summary>The sync variables the orchestrator gets: set, not dev values, and a base URL it can concatenate (contract
/// D-O4).</summary>
public sealed class SyncVariablesTests
{
    private const string Token = "tok_0123456789abcdef";
    private const string Secret = "sec_0123456789abcdef";

    [TestCase("https://api.voulezvous.tv", true)]
    [TestCase("http://127.0.0.1:41234", true)]
    [TestCase("http://localhost:8787", true)]
    [TestCase("http://127.0.0.1:41234", false)]
    public void A_bare_origin_with_real_credentials_is_fit(string baseUrl, bool requireHttps) =>
        Assert.That(new SyncVariables(baseUrl, Token, Secret).Problems(requireHttps), Is.Empty);

    [TestCase("https://api.voulezvous.tv/", "ends with '/'")]
    [TestCase("https://voulezvous.tv/vvtv", "path prefix '/vvtv'")]
    [TestCase("https://api.voulezvous.tv?x=1", "query or fragment")]
    [TestCase("api.voulezvous.tv", "not an absolute http(s) URL")]
    [TestCase("ftp://api.voulezvous.tv", "not an absolute http(s) URL")]
    [TestCase("http://api.voulezvous.tv", "not https")]
    [TestCase("", "VVTV_CLOUDFLARE_BASE_URL is not set")]
    public void A_base_url_the_agent_would_mangle_is_named(string baseUrl, string problem) =>
        Assert.That(new SyncVariables(baseUrl, Token, Secret)
            .Problems(requireHttps: true), Has.One.Contains(problem).And.Contains("VVTV_CLOUDFLARE_BASE_URL"));

    [TestCase(null, "VVTV_CLOUDFLARE_TOKEN is not set")]
    [TestCase("", "VVTV_CLOUDFLARE_TOKEN is not set")]
    [TestCase("dev-token", "VVTV_CLOUDFLARE_TOKEN is a dev value")]
    [TestCase("short", "VVTV_CLOUDFLARE_TOKEN is only 5 characters long")]
    public void A_weak_token_is_named_without_echoing_a_real_value(string? token, string problem)
    {
        var problems = new SyncVariables("https://api.voulezvous.tv", token, Secret).Problems(requireHttps: true);
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.StartWith(problem));
        Assert.That(problems[0], Does.Not.Contain(Secret));
    }

    [Test]
    public void The_dev_secret_is_refused()
    {
        var problems = new SyncVariables("https://api.voulezvous.tv", Token, "dev-secret").Problems(requireHttps: true);
        Assert.That(problems, Is.EqualTo(new[] { "VVTV_CLOUDFLARE_SECRET is a dev value (dev-secret)" }));
    }

    [Test]
    public void The_orchestrator_environment_holds_the_three_variables()
    {
        var environment = new SyncVariables("http://127.0.0.1:1", Token, Secret).Environment;
        Assert.That(environment, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["VVTV_CLOUDFLARE_BASE_URL"] = "http://127.0.0.1:1",
            ["VVTV_CLOUDFLARE_TOKEN"] = Token,
            ["VVTV_CLOUDFLARE_SECRET"] = Secret,
        }));
    }
}
