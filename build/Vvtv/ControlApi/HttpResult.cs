namespace Vvtv;

/// <summary>Status code and body of one HTTP exchange.</summary>
public sealed record HttpResult(int StatusCode, string Body, string? ContentType);
