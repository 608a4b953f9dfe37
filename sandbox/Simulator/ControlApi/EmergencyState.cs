namespace Simulator.ControlApi;

/// <summary>The in-memory emergency flag: false on every start, flipped by each emergency-mode call.</summary>
public sealed class EmergencyState
{
    private int _value;

    public bool Emergency => Volatile.Read(ref _value) == 1;

    /// <summary>Flips the flag and returns the new value.</summary>
    public bool Toggle()
    {
        while (true)
        {
            var old = Volatile.Read(ref _value);
            if (Interlocked.CompareExchange(ref _value, 1 - old, old) == old) return old == 0;
        }
    }
}
