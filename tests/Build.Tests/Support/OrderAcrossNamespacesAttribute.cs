using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Build.Tests.Support;

/// <summary>
/// Lets a fixture's [Order] rank it among all the assembly's fixtures, not only its namespace's. NUnit queues fixtures
/// for its workers in the order of the namespace tree (a namespace is walked, not queued) and [Order] ranks siblings
/// only, so a long fixture in a late namespace would start last and run alone at the end; here each namespace on the
/// way to ordered fixtures takes their lowest order, and ordered namespaces come before the others.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class OrderAcrossNamespacesAttribute : NUnitAttribute, IApplyToTest
{
    // NUnit applies assembly attributes after it has built the namespace tree, and reads the orders when it runs.
    public void ApplyToTest(Test test) => LowestOrder(test);

    private static int? LowestOrder(ITest test)
    {
        // Setup fixtures (this assembly has two in the global namespace) hold namespaces too: walked like them.
        if (test is not TestSuite space || test is TestFixture) return Order(test);
        int? lowest = null;
        foreach (var child in space.Tests)
            if (LowestOrder(child) is { } order && (lowest is null || order < lowest)) lowest = order;
        if (lowest is { } value && Order(space) is null) space.Properties.Set(PropertyNames.Order, value);
        return lowest;
    }

    private static int? Order(ITest test) =>
        test.Properties.ContainsKey(PropertyNames.Order) ? (int?)test.Properties.Get(PropertyNames.Order) : null;
}
