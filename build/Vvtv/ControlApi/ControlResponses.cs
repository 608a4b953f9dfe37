using System.Text.Json;

namespace Vvtv;

/// <summary>Bodies of the signed control routes.</summary>
public static class ControlResponses
{
    /// <summary>POST /v1/control/emergency-mode: returns the emergency flag after the toggle.</summary>
    public static bool ParseEmergencyToggle(string json, string source)
    {
        var root = StrictJson.ParseObject(json, source);
        RequireOk(root, source);
        return StrictJson.Bool(root, "emergency_mode", source);
    }

    /// <summary>POST /v1/control/reload-owner-card: must be {"action":"reload-owner-card","ok":true}.</summary>
    public static void ParseReloadOwnerCard(string json, string source)
    {
        var root = StrictJson.ParseObject(json, source);
        RequireOk(root, source);
        var action = StrictJson.String(root, "action", source);
        if (action != "reload-owner-card")
            throw new VvtvFormatException(source, null,
                $"action is '{SoakSummary.Clip(action)}', expected 'reload-owner-card'");
    }

    private static void RequireOk(JsonElement root, string source)
    {
        if (!StrictJson.Bool(root, "ok", source))
            throw new VvtvFormatException(source, null, "ok is false");
    }
}
