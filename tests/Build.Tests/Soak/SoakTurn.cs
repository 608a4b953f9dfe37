namespace Build.Tests.Soak;

/// <summary>
/// A soak sandbox's turn among the soaks of this test process: shared by most, so they run side by side, or the whole
/// of it for a soak that must see no orchestrator but its own (the script engine looks for any vvtv-orchestrator below
/// the process that runs the soak).
/// </summary>
internal sealed class SoakTurn : IDisposable
{
    // More shared turns than the test workers that could ever hold one.
    private const int Shares = 16;
    private static readonly SemaphoreSlim SharesLeft = new(Shares, Shares);
    // One soak at a time collects every share, so two that want to be alone never hold half of them each.
    private static readonly SemaphoreSlim Collector = new(1, 1);
    private readonly int _held;

    private SoakTurn(int held) => _held = held;

    public static SoakTurn Take(bool alone)
    {
        if (!alone)
        {
            SharesLeft.Wait();
            return new SoakTurn(1);
        }
        Collector.Wait();
        try
        {
            for (var i = 0; i < Shares; i++) SharesLeft.Wait();
        }
        finally { Collector.Release(); }
        return new SoakTurn(Shares);
    }

    public void Dispose() => SharesLeft.Release(_held);
}
