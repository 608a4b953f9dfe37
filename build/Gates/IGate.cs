/// <summary>
/// A checklist section's gate, one shape for all eight: <see cref="CheckItemsAsync"/> reads like the section, the
/// checks of its items in checklist order, each recording its own item through the run's <see cref="ItemProver"/> (a
/// failed check never hides the next). What a check hands a later one is passed to it, never left in a field.
/// <see cref="GateRun.ProveSectionAsync"/> runs it and fails the target at its end naming every failed item.
/// </summary>
interface IGate
{
    /// <summary>
    /// Whether a control API this run's workspace left on the port is stopped first: the gate starts its own, and an
    /// earlier stage's would answer in its place (VVTV's phase 1 leaves its API running).
    /// </summary>
    bool FreesControlApiPort => true;

    /// <summary>The section's items, checked in checklist order.</summary>
    Task CheckItemsAsync();
}
