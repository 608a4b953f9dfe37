// End-to-end fixtures marked [Parallelizable] run side by side, each build in a network namespace of its own
// (Tests.Shared.OwnNetwork) or taking turns on port 7070 where it shares the test's; most of their time is waiting
// (soak intervals, API start-up), so more workers than the 2 cores CI and this machine have.
[assembly: LevelOfParallelism(4)]

// The longest fixtures carry [Order] and start first, whatever their namespace, so that none of them starts when the
// rest are done and runs alone.
[assembly: Build.Tests.Support.OrderAcrossNamespaces]
