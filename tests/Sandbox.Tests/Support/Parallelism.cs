// The simulator's fixtures (each server on a free port, each in a workspace of its own) run side by side: much of
// their time is spent starting processes and waiting for them. The script fixtures take turns on port 7070.
[assembly: LevelOfParallelism(3)]
