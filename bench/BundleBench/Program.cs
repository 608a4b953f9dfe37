using Publishing;

// bench/run.sh's driver: `hash FILE...` prints sha256sum-style lines, `archive DIR OUT` writes a deterministic tar.gz of DIR.
switch (args)
{
    case ["hash", .. var paths] when paths.Length > 0:
        foreach (var file in paths) Console.WriteLine($"{Sha256File.Compute(file)}  {file}");
        return 0;
    case ["archive", var dir, var output]:
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f));
        DeterministicArchive.Write(dir, files, output, "bundle", DateTimeOffset.UnixEpoch);
        return 0;
    default:
        Console.Error.WriteLine("usage: BundleBench hash FILE... | archive DIR OUT.tar.gz");
        return 2;
}
