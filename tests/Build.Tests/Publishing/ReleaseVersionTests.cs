using Publishing;

namespace Build.Tests.Publishing;

public sealed class ReleaseVersionTests
{
    [TestCase("1.4.0", "v1.4.0", false)]
    [TestCase("0.1.0-rc.1", "v0.1.0-rc.1", true)]
    [TestCase("2.0.0+build.7", "v2.0.0+build.7", false)]
    public void A_semver_is_a_release_version_and_a_pre_release_says_so(string text, string tag, bool pre)
    {
        var v = ReleaseVersion.Parse(text);
        Assert.That((v.Text, v.Tag, v.IsPreRelease), Is.EqualTo((text, tag, pre)));
    }

    [TestCase(".", "names a folder")]
    [TestCase("..", "names a folder")]
    [TestCase("a/b", "path separator")]
    [TestCase("1.0\nx", "control character")]
    [TestCase("1.0.0\n", "control character")]
    [TestCase("v1.2.3", "starts with 'v'")]
    [TestCase("1.2", "not MAJOR.MINOR.PATCH")]
    [TestCase("01.2.3", "not MAJOR.MINOR.PATCH")]
    [TestCase("1.2.3-", "not MAJOR.MINOR.PATCH")]
    [TestCase("1.2.3 ", "white space")]
    [TestCase("", "empty")]
    [TestCase("１.２.３", "not MAJOR.MINOR.PATCH")]
    public void Anything_else_is_refused_naming_the_parameter_and_the_problem(string text, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => ReleaseVersion.Parse(text));
        Assert.That(e!.Message, Does.StartWith("--release-version ").And.Contain(problem).And.Contain("1.4.0-rc.1"));
        Assert.That(e.Message, Does.Not.Contain("\n"), "a control character is shown escaped");
    }
}
