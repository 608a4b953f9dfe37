using CliWrap;
using CliWrap.Buffered;

namespace Build.Tests.Publishing;

/// <summary>
/// A throw-away ed25519 key made by ssh-keygen in a temporary folder (never committed), with an allowed_signers file
/// naming it as <see cref="Identity"/>. Deleted on dispose.
/// </summary>
internal sealed class SshTestKey : IDisposable
{
    public const string Identity = "release@vvtv.test";

    public SshTestKey()
    {
        Dir = Directory.CreateTempSubdirectory("vvtv-sshkey-").FullName;
        PrivateKey = Path.Combine(Dir, "id_ed25519");
        var made = Cli.Wrap("ssh-keygen")
            .WithArguments(["-q", "-t", "ed25519", "-N", "", "-C", "test key", "-f", PrivateKey])
            .ExecuteBufferedAsync().GetAwaiter().GetResult();
        Assert.That(made.ExitCode, Is.EqualTo(0), made.StandardError);
        var pub = File.ReadAllText(PrivateKey + ".pub").Split(' ');
        AllowedSigners = Path.Combine(Dir, "allowed_signers");
        File.WriteAllText(AllowedSigners, $"# test signers\n{Identity} {pub[0]} {pub[1]}\n");
    }

    public string Dir { get; }
    public string PrivateKey { get; }
    public string AllowedSigners { get; }

    /// <summary>Runs the command a user runs to check a signature, and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) UserVerify(string allowedSigners, string file)
    {
        using var input = File.OpenRead(file);
        var r = Cli.Wrap("ssh-keygen")
            .WithArguments(["-Y", "verify", "-f", allowedSigners, "-I", Identity, "-n", "vvtv-release", "-s", file +
                ".sig"])
            .WithStandardInputPipe(PipeSource.FromStream(input)).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync().GetAwaiter().GetResult();
        return (r.ExitCode, r.StandardOutput + r.StandardError);
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
