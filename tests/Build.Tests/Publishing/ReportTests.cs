using System.Text.RegularExpressions;
using Publishing;

namespace Build.Tests.Publishing;

public sealed class ReportTests
{
    [Test]
    public void ReportShowsEveryItemEscapedAndLinksOnlyInsideTheBundle()
    {
        var model = SampleBundle.Report();
        var html = ReportRenderer.Render(model);

        foreach (var item in model.Items)
            Assert.That(html, Does.Contain($"id=\"item-{item.Id}\""));
        Assert.That(html.IndexOf("NO-GO", StringComparison.Ordinal),
            Is.LessThan(html.IndexOf("build.cargo-test", StringComparison.Ordinal)), "decision comes first");
        Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.Not.Contain("<script>"));
        Assert.That(html, Does.Contain("active critical alert &lt;buffer&gt; &amp; more"));
        Assert.That(html, Does.Contain("href=\"evidence/soak/summary.json\""));
        Assert.That(html, Does.Contain("@media print").And.Contain("name=\"viewport\"").And.Contain("<svg"));
        Assert.That(html, Does.Contain("12.5s").And.Contain("2m 00s"));

        var external = Regex.Matches(html, @"(?:src|href)\s*=\s*[""']?\s*(?:https?:)?//", RegexOptions.IgnoreCase);
        Assert.That(external, Is.Empty, "no external resources");
        Assert.That(html, Does.Not.Contain("@import").And.Not.Contain("url("));
    }

    [Test]
    public void UnsafeChartOrLinkIsRefused()
    {
        var model = SampleBundle.Report();
        Assert.That(() =>
            ReportRenderer.Render(model with { SoakChartSvg = "<svg><image " +
                "href=\"https://evil.example/x.png\"/></svg>" }),
            Throws.ArgumentException.With.Message.Contains("Soak chart"));
        var badLink = model with { Items = [model.Items[0] with { Evidence = [new EvidenceLink("x",
            "https://evil.example/")] }] };
        Assert.That(() => ReportRenderer.Render(badLink),
            Throws.ArgumentException.With.Message.Contains("https://evil.example/"));
    }
}
