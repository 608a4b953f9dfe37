namespace Vvtv;

/// <summary>Where VVTV's control API listens: it always binds 127.0.0.1:7070, whatever VVTV_API_URL says.</summary>
public static class ControlApiAddress
{
    /// <summary>
    /// The fixed port; two runs on one machine take turns on it.
    /// </summary>
    public const int Port = 7070;

    /// <summary>The base URL VVTV's scripts and this build call when VVTV_API_URL is not set.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7070";
}
