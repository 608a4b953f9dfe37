using CliWrap;
using CliWrap.Buffered;
using Publishing;

namespace Build.Tests.Publishing;

/// <summary>
/// SSH signatures through the real ssh-keygen: what the build signs, ssh-keygen -Y verify accepts, and nothing else.
/// </summary>
public sealed class SigningTests
{
    private SshTestKey _key = null!;
    private string _file = "";

    [SetUp]
    public void SetUp()
    {
        _key = new SshTestKey();
        _file = Path.Combine(_key.Dir, "SHA256SUMS");
        File.WriteAllText(_file, new string('a', 64) + "  decision.json\n");
    }

    [TearDown] public void TearDown() => _key.Dispose();

    [Test]
    public void A_file_signed_with_a_key_file_verifies_for_the_build_and_for_a_user_and_an_edit_breaks_it()
    {
        var signer = SshSigner.From(_key.PrivateKey);
        Assert.That(signer.Fingerprint, Does.Contain("SHA256:").And.Contain("ED25519"));
        Assert.That(signer.Sign(_file), Is.EqualTo(_file + ".sig"));

        var signers = AllowedSigners.Load(_key.AllowedSigners);
        Assert.That(signers.Configured, Is.True);
        Assert.That(signers.Verify(_file), Is.EqualTo(new SignatureCheck(true, $"signed by {SshTestKey.Identity}")));
        Assert.That(SshTestKey.UserVerify(_key.AllowedSigners, _file).ExitCode, Is.EqualTo(0));

        File.AppendAllText(_file, new string('b', 64) + "  forged.json\n");
        var check = signers.Verify(_file);
        Assert.That(check.Verified, Is.False);
        Assert.That(check.Detail, Does.StartWith("SHA256SUMS.sig does not match SHA256SUMS"));
        Assert.That(SshTestKey.UserVerify(_key.AllowedSigners, _file).ExitCode, Is.Not.EqualTo(0));
    }

    [Test]
    public void The_key_text_itself_signs_and_leaves_no_copy_of_the_key_behind()
    {
        var temp = Path.GetTempPath();
        var before = Directory.GetDirectories(temp, "vvtv-signing-*").Length;
        SshSigner.From(File.ReadAllText(_key.PrivateKey)).Sign(_file);
        Assert.That(AllowedSigners.Load(_key.AllowedSigners).Verify(_file).Verified, Is.True);
        Assert.That(Directory.GetDirectories(temp, "vvtv-signing-*"), Has.Length.EqualTo(before));
    }

    [Test]
    public async Task A_public_key_signs_through_an_ssh_agent_that_holds_its_private_half()
    {
        var socket = Path.Combine(_key.Dir, "agent.sock");
        using var stop = new CancellationTokenSource();
        // -D keeps the agent in the foreground, so cancelling the command ends it when the test ends.
        var agent = Cli.Wrap("ssh-agent").WithArguments(["-D", "-a", socket])
            .WithValidation(CommandResultValidation.None)
            .ExecuteAsync(stop.Token);
        try
        {
            while (!File.Exists(socket))
            {
                Assert.That(agent.Task.IsCompleted, Is.False, "ssh-agent ended before opening its socket");
                await Task.Delay(20);
            }
            var added = await Cli.Wrap("ssh-add").WithArguments(["-q", _key.PrivateKey])
                .WithEnvironmentVariables(e => e.Set("SSH_AUTH_SOCK", socket)).ExecuteBufferedAsync();
            Assert.That(added.ExitCode, Is.EqualTo(0));
            var publicKey = File.ReadAllText(_key.PrivateKey + ".pub");

            SshSigner.From(publicKey, socket).Sign(_file);
            Assert.That(AllowedSigners.Load(_key.AllowedSigners).Verify(_file).Verified, Is.True);
            Assert.That(() => SshSigner.From(publicKey, Path.Combine(_key.Dir, "no-agent.sock")).Sign(_file),
                Throws.InvalidOperationException.With.Message.Contains("ssh-keygen could not sign"));
        }
        finally
        {
            await stop.CancelAsync();
            try { await agent; } catch (OperationCanceledException) { }
        }
    }

    [Test]
    public void A_key_not_in_the_allowed_signers_and_a_missing_signature_are_refused_by_name()
    {
        using var other = new SshTestKey();
        SshSigner.From(other.PrivateKey).Sign(_file);
        var check = AllowedSigners.Load(_key.AllowedSigners).Verify(_file);
        Assert.That(check.Verified, Is.False);
        Assert.That(check.Detail, Does.StartWith("SHA256SUMS.sig is not made by a key in " + _key.AllowedSigners));

        File.Delete(_file + ".sig");
        Assert.That(AllowedSigners.Load(_key.AllowedSigners)
            .Verify(_file).Detail, Does.Contain("SHA256SUMS.sig is missing"));
    }

    [Test]
    public void An_allowed_signers_file_of_comments_configures_nobody_and_a_bad_key_is_refused_without_showing_it()
    {
        var comments = Path.Combine(_key.Dir, "empty_signers");
        File.WriteAllText(comments, "# nobody yet\n\n");
        Assert.That(AllowedSigners.Load(comments).Configured, Is.False);
        Assert.That(AllowedSigners.Load(Path.Combine(_key.Dir, "absent")).Configured, Is.False);

        const string notAKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LXZhbHVlLTQy\n-----END OPENSSH PRIVATE " +
            "KEY-----";
        var e = Assert.Throws<ArgumentException>(() => SshSigner.From(notAKey));
        Assert.That(e!.Message, Does.StartWith("the signing key is not an SSH key").And.Not.Contain("c2VjcmV0"));
        Assert.That(() => SshSigner.From(Path.Combine(_key.Dir, "missing-key")),
            Throws.ArgumentException.With.Message.Contains("neither an existing key file"));
    }
}
