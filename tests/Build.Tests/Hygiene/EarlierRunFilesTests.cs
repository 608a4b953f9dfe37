using Checklist;
using CliWrap;

namespace Build.Tests.Hygiene;

/// <summary>
/// Files of earlier runs are refused by type and size before they are opened: a FIFO named decision.json (which once
/// blocked Release --skip for good), a device and a huge sparse file each fail with a message naming what they are.
/// </summary>
public sealed class EarlierRunFilesTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("earlier-run-files-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private string Decision => Path.Combine(_dir, DecisionFile.JsonName);

    [Test, CancelAfter(60_000)]
    public async Task A_FIFO_named_decision_json_is_refused_without_blocking()
    {
        await Cli.Wrap("mkfifo").WithArguments([Decision]).ExecuteAsync();
        var e = Assert.Throws<DecisionFormatException>(() => DecisionFile.Load(Decision));
        Assert.That(e!.Message, Does.Contain("FIFO").And.Contain(Decision));
    }

    [Test]
    public void A_device_behind_decision_json_is_refused()
    {
        File.CreateSymbolicLink(Decision, "/dev/zero");
        var e = Assert.Throws<DecisionFormatException>(() => DecisionFile.Load(Decision));
        Assert.That(e!.Message, Does.Contain("character device"));
    }

    [Test]
    public void A_huge_file_is_refused_by_its_size_unread()
    {
        var sums = Path.Combine(_dir, "SHA256SUMS");
        using (var file = File.Create(sums)) file.SetLength(EarlierRunFile.MaxBytes + 1L);
        var e = Assert.Throws<DecisionFormatException>(() => EarlierRunFile.ReadText(sums));
        Assert.That(e!.Message, Does.Contain("more than the limit"));
    }

    [Test]
    public void A_regular_file_is_read()
    {
        File.WriteAllText(Decision, "{}");
        Assert.That(EarlierRunFile.ReadText(Decision), Is.EqualTo("{}"));
    }
}
