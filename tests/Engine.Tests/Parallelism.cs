// The fixtures that only start processes (bootstrap compiles, PowerShell, shells, shellcheck) are [Parallelizable] and
// run side by side; part of their time is spent waiting (a compile lock, the control API's start-up). The in-process
// fixtures stay one at a time: they share static state (TestRun.Executed) and the process environment.
[assembly: LevelOfParallelism(3)]
