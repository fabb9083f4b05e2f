using System.Diagnostics;
using System.Globalization;
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
/// they are recorded and passed on to every process under the host (docker build and its buildx plugin, buildx bake,
/// docker run, git), as a terminal passes Ctrl-C to its whole process group. The host waits for them, starts nothing
/// more, writes its report and exits with 128 + the signal's number. A third signal ends the host at once (as the
/// docker client itself does on the third), for a child that will not stop.
/// </summary>
/// <remarks>
/// The docker client runs <c>docker build</c> and <c>buildx bake</c> in its buildx plugin, a second process, and on a
/// signal only tells the plugin over a socket the plugin connects to once it is up: a signal in the plugin's first
/// moments was lost. So the signal goes to every descendant, and until they have all exited, to every descendant that
/// appears after it (a plugin started just then). The host is a child subreaper: a plugin whose client died of the
/// signal is adopted by the host, not by init, so it is still found, signalled and waited for.
/// </remarks>
public static class Interruption
{
    /// <summary>After this many signals the host no longer waits for its children.</summary>
    public const int SignalsBeforeGivingUp = 3;

    private const int PrSetChildSubreaper = 36;
    private static readonly Lock Gate = new();
    private static readonly HashSet<Process> Children = [];
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static readonly HashSet<int> Signalled = [];
    private static readonly HashSet<string> UnfinishedFiles = new(StringComparer.Ordinal);
    private static readonly ManualResetEventSlim Received = new();
    private static int received;
    private static Thread? sweeper;

    [ThreadStatic]
    private static bool querying;

    /// <summary>The first signal received (its number), or null while the host has not been told to stop.</summary>
    public static int? Signal { get; private set; }

    /// <summary>SIGINT, SIGTERM or SIGHUP; null before a signal.</summary>
    public static string? SignalName => Signal is { } signal ? Name(signal) : null;

    /// <summary>When the first signal came, by this machine's clock; null before a signal.</summary>
    public static DateTimeOffset? SignalledAt { get; private set; }

    /// <summary>Blocks until the host is told to stop (returns) or <paramref name="cancel"/> is cancelled (throws).</summary>
    public static void WaitForSignal(CancellationToken cancel) => Received.Wait(cancel);

    /// <summary>
    /// From now on the three signals stop the run this way. Called first thing by the host, before any child (a
    /// probe of the facts, the engine check, a build) can start, so that no child ever runs without it.
    /// </summary>
    public static void Listen()
    {
        lock (Gate)
        {
            if (Registrations.Count > 0 || OperatingSystem.IsWindows())
            {
                return;
            }

            if (OperatingSystem.IsLinux())
            {
                _ = prctl(PrSetChildSubreaper, 1, 0, 0, 0);
            }

            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            {
                Registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> with the children it starts counted as questions to the engine (image inspect)
    /// or clean-up: they also start after a signal, and only a later signal reaches them, so that the report can still
    /// say what a step that completed did (the digest of a push that finished as the signal came) and what a stopped
    /// step left is removed (a container created and not started).
    /// </summary>
    public static T AlsoAfterSignal<T>(Func<T> action)
    {
        var outer = querying;
        querying = true;
        try
        {
            return action();
        }
        finally
        {
            querying = outer;
        }
    }

    /// <summary>Whether the children this thread starts now also start after a signal (<see cref="AlsoAfterSignal{T}"/>).</summary>
    internal static bool Querying => querying;

    /// <summary>Starts a child that the signals reach; refuses once the host has been told to stop (a question excepted).</summary>
    internal static Process Start(ProcessStartInfo info, string what)
    {
        lock (Gate)
        {
            // Inside the lock: a signal either came before (nothing starts) or finds the child among the host's descendants.
            if (!querying)
            {
                ThrowIfRequested(what);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException($"{what} did not start");
            Children.Add(process);
            if (querying && Signal is not null)
            {
                // Started after the signal on purpose: the sweeper leaves it be.
                Signalled.Add(process.Id);
            }

            return process;
        }
    }

    /// <summary>
    /// The child has exited; once the host was told to stop, also waits for what the child left running (its plugin),
    /// unless it was a question (<see cref="AlsoAfterSignal{T}"/>): one asked while a stopped step still ends would wait for that step.
    /// </summary>
    internal static void Exited(Process process, bool question)
    {
        lock (Gate)
        {
            Children.Remove(process);
        }

        if (Signal is not null && !question)
        {
            WaitForDescendants();
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

    /// <summary>Throws <see cref="RunInterruptedException"/> when a signal came before <paramref name="what"/> started (the step before it completed).</summary>
    public static void ThrowIfRequestedBefore(string what)
    {
        if (Signal is { } signal)
        {
            throw new RunInterruptedException($"interrupted by {SignalName}: stopped before {what}, nothing after it ran", signal);
        }
    }

    /// <summary>Throws <see cref="RunInterruptedException"/> when a signal came before the run's first step.</summary>
    public static void ThrowIfRequestedBeforeStart()
    {
        if (Signal is { } signal)
        {
            throw new RunInterruptedException($"interrupted by {SignalName} before the run's first step: nothing ran", signal);
        }
    }

    /// <summary>The live processes under the host (children, theirs, and adopted orphans), zombies left out.</summary>
    public static IReadOnlyList<int> Descendants() => Descendants(Environment.ProcessId).Where(IsAlive).ToList();

    private static string Name(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => $"signal {signal.ToString(CultureInfo.InvariantCulture)}",
    };

    private static void OnSignal(PosixSignalContext context)
    {
        var number = context.Signal switch
        {
            PosixSignal.SIGHUP => 1,
            PosixSignal.SIGINT => 2,
            _ => 15,
        };
        bool first;
        lock (Gate)
        {
            first = Signal is null;
            Signal ??= number;
            SignalledAt ??= DateTimeOffset.UtcNow;
            received++;
            context.Cancel = received < SignalsBeforeGivingUp;
        }

        // The same signal to everything under the host: docker build and bake cancel the solve on INT, TERM and HUP
        // alike; docker run passes it to the container.
        var reached = Forward(number, again: true);
        if (first)
        {
            sweeper = new Thread(Sweep) { IsBackground = true, Name = "signal sweeper" };
            sweeper.Start();
            Received.Set();
        }

        if (!context.Cancel)
        {
            RemoveUnfinished();
            Console.Error.WriteLine($"ERROR: {SignalsBeforeGivingUp} signals: stopping without waiting for {reached} child process(es)");
        }
    }

    /// <summary>
    /// Marks a file being written (an <see cref="AtomicFile"/>'s temporary file) until disposed: the host ends at the
    /// third signal without running its finally blocks, and removes such files first, so that none is left behind.
    /// </summary>
    internal static IDisposable Unfinished(string path)
    {
        lock (Gate)
        {
            UnfinishedFiles.Add(path);
        }

        return new Finished(path);
    }

    /// <summary>Removes the files being written (<see cref="Unfinished"/>); what cannot be removed stays.</summary>
    internal static void RemoveUnfinished()
    {
        lock (Gate)
        {
            foreach (var path in UnfinishedFiles)
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Ending anyway: the next run's write does not depend on it.
                }
            }

            UnfinishedFiles.Clear();
        }
    }

    private sealed class Finished(string path) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                UnfinishedFiles.Remove(path);
            }
        }
    }

    /// <summary>Signals the host's live descendants; with <paramref name="again"/> false only those not signalled yet.</summary>
    private static int Forward(int number, bool again)
    {
        var reached = 0;
        foreach (var pid in Descendants())
        {
            lock (Gate)
            {
                if (!Signalled.Add(pid) && !again)
                {
                    continue;
                }
            }

            if (kill(pid, number) == 0)
            {
                reached++;
            }
        }

        return reached;
    }

    /// <summary>After the first signal: the processes that appear under the host later (a plugin starting) get it too.</summary>
    private static void Sweep()
    {
        var signal = Signal!.Value;
        while (true)
        {
            _ = Forward(signal, again: false);
            lock (Gate)
            {
                if (Children.Count == 0 && Descendants().Count == 0)
                {
                    return;
                }
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>
    /// Waits until nothing runs under the host any more (a plugin whose client exited first), for at most half a
    /// minute: a process that daemonised under the host and ignores the signal does not hold the run (a third signal
    /// ends the host meanwhile).
    /// </summary>
    private static void WaitForDescendants()
    {
        var clock = Stopwatch.StartNew();
        while (Descendants().Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(20);
        }
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            yield break;
        }
        catch (UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            foreach (var child in Read($"{task}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var id = int.Parse(child, CultureInfo.InvariantCulture);
                yield return id;
                foreach (var grandchild in Descendants(id))
                {
                    yield return grandchild;
                }
            }
        }
    }

    /// <summary>A process that has not exited (an exited child the host has not reaped yet is a zombie: state Z).</summary>
    private static bool IsAlive(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        var end = stat.LastIndexOf(')');
        return end > 0 && end + 2 < stat.Length && stat[end + 2] is not ('Z' or 'X');
    }

    private static string Read(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    [DllImport("libc", ExactSpelling = true, SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc", ExactSpelling = true, SetLastError = true)]
    private static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
