namespace Checklist;

/// <summary>One item of the release checklist: a stable id, its section, the checklist text and whether it is
/// optional.</summary>
public sealed record ChecklistItem(string Id, string Section, string Text, bool Optional = false);
