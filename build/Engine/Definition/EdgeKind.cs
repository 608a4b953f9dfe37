namespace Engine;

/// <summary>Kinds of relation a definition can declare towards another target.</summary>
internal enum EdgeKind { DependsOn, DependentFor, After, Before, Triggers, TriggeredBy }
