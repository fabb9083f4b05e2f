using Build.Execution;
using Build.Facts;
using Build.Options;

namespace Build.Frosting;

/// <summary>
/// How a run ends: 0 when it succeeded; 2 with one <c>ERROR:</c> line for bad input; the tool's own exit code when a
/// tool failed (silently when the tool's own output said it: a container's exit code); 128 + the signal when the host
/// was told to stop; 1 for the environment (engine, remote, prerequisite image) and anything else (its message, no stack trace).
/// </summary>
public static class ExitCodePolicy
{
    public const int Success = 0;

    /// <param name="inUsersTerms">Rewrites a usage message in the words of the command line the user typed (a front door's).</param>
    public static int For(Exception exception, TextWriter error, Func<string, string>? inUsersTerms = null)
    {
        var usage = Find<UsageException>(exception);
        if (usage is not null)
        {
            error.WriteLine($"ERROR: {(inUsersTerms ?? (m => m))(usage.Message)}");
            return UsageException.ExitCode;
        }

        // Told to stop (docs/decisions.md §4.1): 128 + the signal, whatever the stopped child answered; a failure
        // after a signal (a probe the signal reached) is the signal's doing.
        var interrupted = Find<RunInterruptedException>(exception);
        if (interrupted is not null)
        {
            error.WriteLine($"ERROR: {interrupted.Message}");
            return interrupted.ExitCode;
        }

        if (Interruption.Signal is { } signal)
        {
            error.WriteLine($"ERROR: interrupted by {Interruption.SignalName}: {exception.GetBaseException().Message}");
            return 128 + signal;
        }

        var failed = Find<ToolFailedException>(exception);
        if (failed is { Quiet: true })
        {
            return failed.ExitCode;
        }

        var environment = Find<EnvironmentException>(exception);
        error.WriteLine($"ERROR: {((Exception?)failed ?? environment ?? exception.GetBaseException()).Message}");
        return failed?.ExitCode ?? (environment is not null ? EnvironmentException.ExitCode : 1);
    }

    /// <summary>The exception of type T in the chain, also inside the AggregateExceptions Cake wraps task failures in.</summary>
    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    var hit = Find<T>(inner);
                    if (hit is not null)
                    {
                        return hit;
                    }
                }
            }
        }

        return null;
    }
}
