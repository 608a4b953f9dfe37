namespace Build.Tests.Release;

/// <summary>GateSections names the targets as strings (Run may not read the components); they must be the
/// graph's.</summary>
public sealed class GateSectionsTests
{
    [Test]
    public void Every_section_target_and_the_release_target_are_targets_of_the_graph()
    {
        var targets = typeof(GateSections).Assembly.GetTypes().Where(t => t.IsInterface)
            .SelectMany(t => t.GetProperties()).Where(p => p.PropertyType == typeof(Engine.Target))
            .Select(p => p.Name).ToHashSet();
        Assert.That(GateSections.Targets.Values.Append(GateSections.ReleaseTarget), Is.SubsetOf(targets));
    }
}
