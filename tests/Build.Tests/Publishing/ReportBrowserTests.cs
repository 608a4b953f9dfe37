using Checklist;
using Publishing;

namespace Build.Tests.Publishing;

/// <summary>report.html in a real browser: it renders the whole checklist, on a phone and on paper, without one network
/// request.</summary>
// Serial: each Chromium page has 60 s (HeadlessChromium); beside the end-to-end builds a loaded machine could
// push a page past it.
[NonParallelizable]
public sealed class ReportBrowserTests
{
    private HeadlessChromium _chromium = null!;
    private string _dir = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _chromium = await HeadlessChromium.StartAsync();
        _dir = Directory.CreateTempSubdirectory("vvtv-report-browser-").FullName;
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _chromium.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task ReportRendersEveryChecklistItemOnAPhoneAndInPrintWithoutNetworkRequests()
    {
        var sample = SampleBundle.Report();
        var model = sample with
        {
            Items = ChecklistItems.All.Select(i =>
                new ReportItem(i.Id, i.Section, i.Text, i.Id.StartsWith("soak") ? "Fail" : "Pass", i.Optional,
                $"reason for {i.Id}", [new EvidenceLink(i.Id + ".txt",
                    $"evidence/{i.Id.Split('.')[0]}/{i.Id}.txt")]) { Source = "run 20261124T090000Z-abcdef" }).ToList(),
        };
        var page = Path.Combine(_dir, "report.html");
        File.WriteAllText(page, ReportRenderer.Render(model));

        var dom = await _chromium.RunAsync(page, "--dump-dom");
        Assert.That(dom.ExitCode, Is.EqualTo(0), dom.StandardError);
        foreach (var item in ChecklistItems.All)
            Assert.That(dom.StandardOutput, Does.Contain($"id=\"item-{item.Id}\"").And.Contain($"reason for {item.Id}"),
                item.Id);
        Assert.That(dom.StandardOutput, Does.Contain("<h2>Timeline</h2>").And.Contain("<svg"));

        var phone = Path.Combine(_dir, "phone.png");
        var shot = await _chromium.RunAsync(page, "--window-size=390,844", "--screenshot=" + phone);
        Assert.That(File.Exists(phone) && new FileInfo(phone).Length > 1000, shot.StandardError);
        Assert.That(File.ReadAllBytes(phone)[1..4], Is.EqualTo("PNG"u8.ToArray()));

        var pdf = Path.Combine(_dir, "report.pdf");
        var print = await _chromium.RunAsync(page, "--no-pdf-header-footer", "--print-to-pdf=" + pdf);
        Assert.That(File.Exists(pdf), print.StandardError);
        Assert.That(File.ReadAllBytes(pdf)[..5], Is.EqualTo("%PDF-"u8.ToArray()));

        Assert.That(_chromium.Requests, Is.Empty, "report.html must not reach the network");
    }

    [Test]
    public async Task ThePageMakingARequestIsSeen()
    {
        // The check above is only worth something if a request would be seen.
        var page = Path.Combine(_dir, "leaky.html");
        File.WriteAllText(page,
            "<!DOCTYPE html><html><body><img src=\"http://example.invalid/pixel.png\"></body></html>");
        var before = _chromium.Requests.Count;
        await _chromium.RunAsync(page, "--dump-dom");
        Assert.That(_chromium.Requests.Skip(before), Has.Some.Contains("example.invalid"));
    }
}
