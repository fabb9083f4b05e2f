using Build.Facts;

namespace Build.Execution;

/// <summary>
/// A failure of the run's teardown (the --report-json file could not be written): said at once as one ERROR line,
/// and kept so that a run whose tasks succeeded still ends with <see cref="EnvironmentException.ExitCode"/>, without
/// Cake's teardown wording or a stack trace.
/// </summary>
public static class LateFailure
{
    private static string? message;

    public static void Record(EnvironmentException failure, TextWriter error)
    {
        error.WriteLine($"ERROR: {failure.Message}");
        message = failure.Message;
    }

    /// <summary>The recorded failure's message (and forgets it), or null.</summary>
    public static string? Take() => Interlocked.Exchange(ref message, null);
}
