using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;

namespace Engine;

/// <summary>
/// Tells expected failures (bad input, a missing file, a full or read-only disk, an unreachable service) from bugs:
/// an expected failure is printed as one line saying what went wrong and what to do, with its stack trace only at
/// <c>--verbosity verbose</c>; anything else is a bug and keeps its trace.
/// </summary>
public static class ExpectedErrors
{
    // errno values as .NET reports them in IOException.HResult on Linux.
    private const int NoSpace = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int QuotaExceeded = 122;
    // SQLite result codes, read by name so the engine needs no SQLite reference.
    private const int SqliteFull = 13;
    private const int SqliteReadOnly = 8;

    /// <summary>The one line for an expected failure, or null when the exception is a bug.</summary>
    public static string? Describe(Exception e)
    {
        e = Unwrap(e);
        return e switch
        {
            ExpectedErrorException x => x.Remedy is null ? x.Message : $"{x.Message}; {x.Remedy}",
            TargetFailedException or ParameterException or PlanException => e.Message,
            IOException { HResult: NoSpace or QuotaExceeded } =>
                $"{e.Message}: the disk is full; free space there, then run again with --continue",
            IOException { HResult: ReadOnlyFileSystem } =>
                $"{e.Message}: the file system is read-only; make it writable or give a writable --root",
            FileNotFoundException or DirectoryNotFoundException => $"{e.Message}; check the path",
            UnauthorizedAccessException => $"{e.Message}; check the owner and permissions of that path",
            PathTooLongException => $"{e.Message}; use a shorter path",
            HttpRequestException or SocketException =>
                $"{e.Message}; check that the service is running and reachable at that address",
            TimeoutException => $"{e.Message}; the operation took too long",
            JsonException j => $"not valid JSON: {j.Message}; fix or remove the file named in the message",
            _ when SqliteCode(e) is SqliteFull =>
                $"{e.Message}; free space on the disk, then run again with --continue",
            _ when SqliteCode(e) is SqliteReadOnly => $"{e.Message}; make the database and its folder writable",
            _ => null,
        };
    }

    /// <summary>The exception a wrapper (reflection, a task, an aggregate of one) stands for.</summary>
    public static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case TargetInvocationException { InnerException: { } inner }: e = inner; break;
                case AggregateException { InnerExceptions.Count: 1 } a: e = a.InnerExceptions[0]; break;
                default: return e;
            }
        }
    }

    private static int? SqliteCode(Exception e) =>
        e.GetType().Name == "SqliteException" && e.GetType().GetProperty("SqliteErrorCode")?.GetValue(e) is int code
            ? code : null;
}

/// <summary>
/// A failure the user can fix: printed as one line, the message then what to do, never as a stack trace.
/// </summary>
public sealed class ExpectedErrorException(string message, string? remedy = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>What to do about it, e.g. "pass --vvtv-root the top folder of a checkout".</summary>
    public string? Remedy { get; } = remedy;
}
