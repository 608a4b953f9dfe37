using Engine;
using Publishing;
using Serilog;

/// <summary>Builds artifacts/release/&lt;version&gt;/ from the decided evidence.</summary>
public sealed class BundlePipe : IReleasePipe
{
    public async Task RunAsync(ReleaseContext context, CancellationToken ct)
    {
        var (version, items) = context.Decided
                               ?? throw new TargetFailedException("the bundle needs a GO decision first");
        var store = context.Run.Evidence;
        var input = ReleaseBundleInput.Create(version, store.VvtvCommit, "GO", [], items, store.RunDir) with
        {
            Signer = context.Request.Signer,
            Changelog = await VvtvChangelog.ReadAsync(context.Run.Workspace, store.VvtvCommit, ct),
        };
        try
        {
            context.Bundle = BundleBuilder.Build(input, context.Request.ReleaseDirectory);
        }
        catch (ArgumentException e)
        {
            BuildAssert.Fail($"The release bundle cannot be built: {e.Message}");
        }
        Log.Information("Bundle {Dir:l}: {Files} files, archive {Archive:l}", context.Bundle!.Directory,
            context.Bundle.Files.Count, Path.GetFileName(context.Bundle.ArchivePath));
    }
}
