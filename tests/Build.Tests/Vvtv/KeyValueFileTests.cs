using Vvtv;

namespace Build.Tests.Vvtv;

public sealed class KeyValueFileTests
{
    [Test]
    public void First_equals_splits_last_occurrence_wins_and_lines_without_equals_are_ignored()
    {
        var kv = KeyValueFile.Parse("title line\na=1\nb=x=y z\nempty=\na=2\n", "t.env");
        Assert.Multiple(() =>
        {
            Assert.That(kv.Required("a"), Is.EqualTo("2"));
            Assert.That(kv.Required("b"), Is.EqualTo("x=y z"));
            Assert.That(kv.Required("empty"), Is.EqualTo(""));
            Assert.That(kv.Optional("missing"), Is.Null);
            Assert.That(kv.Keys, Is.EqualTo(new[] { "a", "b", "empty" }));
            Assert.That(kv.LineOf("a"), Is.EqualTo(5));
        });
    }

    [Test]
    public void Missing_required_key_names_file_and_key()
    {
        var kv = KeyValueFile.Parse("a=1\n", "some/result.env");
        var e = Assert.Throws<VvtvFormatException>(() => kv.Required("status"))!;
        Assert.That(e.Message, Does.Contain("some/result.env").And.Contain("'status'"));
    }

    [Test]
    public void Bad_enum_value_names_line()
    {
        var kv = KeyValueFile.Parse("x=1\nstatus=MAYBE\n", "r.env");
        var e = Assert.Throws<VvtvFormatException>(() => kv.RequiredEnum("status", "PASS"))!;
        Assert.That(e.Message, Does.StartWith("r.env:2:").And.Contain("MAYBE"));
    }

    [Test]
    public void Non_utf8_file_is_a_format_error_with_line()
    {
        using var dir = new ScratchDir();
        var path = dir.WriteBytes("bad.env", [.. "a=1\nb="u8.ToArray(), 0xC3, 0x28, (byte)'\n']);
        var e = Assert.Throws<VvtvFormatException>(() => KeyValueFile.Load(path))!;
        Assert.That(e.Message, Does.StartWith(path + ":2:").And.Contain("UTF-8"));
    }

    [Test]
    public void Byte_order_mark_is_named()
    {
        using var dir = new ScratchDir();
        var path = dir.WriteBytes("bom.env", [0xEF, 0xBB, 0xBF, .. "status=PASS\n"u8.ToArray()]);
        Assert.That(Assert.Throws<VvtvFormatException>(() => KeyValueFile.Load(path))!.Message,
            Does.StartWith(path + ":1:").And.Contain("byte order mark"));
    }

    [Test]
    public void Oversized_file_is_refused()
    {
        using var dir = new ScratchDir();
        var path = dir.Write("big.env", new string('a', 2000) + "=1\n");
        var e = Assert.Throws<VvtvFormatException>(() => KeyValueFile.Load(path, maxBytes: 1000))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("limit"));
    }

    [Test]
    public void Missing_file_is_a_format_error()
    {
        var e = Assert.Throws<VvtvFormatException>(() => KeyValueFile.Load("/nonexistent/x.env"))!;
        Assert.That(e.Message, Does.Contain("/nonexistent/x.env").And.Contain("not found"));
    }

    [Test]
    public void Path_values_must_stay_inside_the_root()
    {
        using var dir = new ScratchDir();
        Assert.That(WorkspacePath.ResolveInside(dir.Path, "runtime/backups/x", "r.env"),
            Is.EqualTo(Path.Combine(dir.Path, "runtime/backups/x")));
        Assert.That(WorkspacePath.ResolveInside(dir.Path, Path.Combine(dir.Path, "a"), "r.env"),
            Is.EqualTo(Path.Combine(dir.Path, "a")));
        Assert.Throws<VvtvFormatException>(() => WorkspacePath.ResolveInside(dir.Path, "../outside", "r.env", 3));
        Assert.Throws<VvtvFormatException>(() => WorkspacePath.ResolveInside(dir.Path, "runtime/../../x", "r.env", 3));
        Assert.Throws<VvtvFormatException>(() => WorkspacePath.ResolveInside(dir.Path, "/etc/passwd", "r.env", 3));
        Assert.Throws<VvtvFormatException>(() => WorkspacePath.ResolveInside(dir.Path, dir.Path + "-sibling/x", "r.env",
            3));
    }
}
