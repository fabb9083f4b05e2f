using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Build.Execution;

/// <summary>The host was told to stop (SIGINT, SIGTERM or SIGHUP) while it ran a child: nothing after it runs.</summary>
public sealed class RunInterruptedException(string message, int signal) : Exception(message)
{
    /// <summary>The signal's number (2 INT, 15 TERM, 1 HUP).</summary>
    public int Signal { get; } = signal;

    /// <summary>The shell's convention for a process ended by a signal: 128 + its number (130, 143, 129).</summary>
    public int ExitCode => 128 + Signal;
}

/// <summary>
/// How the host stops when it is told to (docs/decisions.md §4.1): SIGINT, SIGTERM and SIGHUP do not end it at once;
/// they are recorded and passed on to every child it is running (docker build, buildx bake, docker run, git), which
/// stop as they would at a terminal (docker cancels the BuildKit solve, so no tag moves). The host waits for them,
/// starts nothing more, writes its report and exits with 128 + the signal's number. A third signal ends the host at
/// once (as the docker client itself does on the third), for a child that will not stop.
/// </summary>
public static class Interruption
{
    /// <summary>After this many signals the host no longer waits for its children.</summary>
    public const int SignalsBeforeGivingUp = 3;

    private static readonly Lock Gate = new();
    private static readonly HashSet<Process> Children = [];
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static int received;

    /// <summary>The first signal received (its number), or null while the host has not been told to stop.</summary>
    public static int? Signal { get; private set; }

    /// <summary>SIGINT, SIGTERM or SIGHUP; null before a signal.</summary>
    public static string? SignalName => Signal switch
    {
        null => null,
        1 => "SIGHUP",
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => $"signal {Signal}",
    };

    /// <summary>From now on the three signals stop the run this way (a real run; planning and dry runs end at once as usual).</summary>
    public static void Listen()
    {
        lock (Gate)
        {
            if (Registrations.Count > 0 || OperatingSystem.IsWindows())
            {
                return;
            }

            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            {
                Registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
        }
    }

    /// <summary>Starts a child that the signals reach; refuses once the host has been told to stop.</summary>
    internal static Process Start(ProcessStartInfo info, string what)
    {
        lock (Gate)
        {
            // Inside the lock: a signal that arrives while the child starts is forwarded to it right after.
            ThrowIfRequested(what);
            var process = Process.Start(info) ?? throw new InvalidOperationException($"{what} did not start");
            Children.Add(process);
            return process;
        }
    }

    internal static void Exited(Process process)
    {
        lock (Gate)
        {
            Children.Remove(process);
        }
    }

    /// <summary>Throws <see cref="RunInterruptedException"/> naming <paramref name="what"/> once a signal was received.</summary>
    public static void ThrowIfRequested(string what)
    {
        if (Signal is { } signal)
        {
            throw new RunInterruptedException($"interrupted by {SignalName}: {what} stopped, nothing after it ran", signal);
        }
    }

    private static void OnSignal(PosixSignalContext context)
    {
        var number = context.Signal switch
        {
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGINT => 2,
            _ => 15,
        };
        int children;
        lock (Gate)
        {
            Signal ??= number;
            children = Children.Count;
            received++;
            context.Cancel = received < SignalsBeforeGivingUp;
            foreach (var child in Children)
            {
                // The same signal: docker build and bake cancel the solve on INT, TERM and HUP alike; docker run passes it to the container.
                _ = kill(child.Id, number);
            }
        }

        if (!context.Cancel)
        {
            Console.Error.WriteLine($"ERROR: {SignalsBeforeGivingUp} signals: stopping without waiting for {children} child process(es)");
        }
    }

    [DllImport("libc", ExactSpelling = true, SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
