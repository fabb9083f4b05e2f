using System.Globalization;
using System.Text.RegularExpressions;
using Build.Docker;

namespace Build.Execution;

/// <summary>
/// docker run passes a signal on to its container only while the container runs: its client sets up the signal proxy,
/// then starts the container, and a signal in between is sent to a container that is not running yet, which the
/// engine refuses; the container then runs to its end (docs/decisions.md §4.1). While docker run runs, this waits for
/// the host's signal; after one, it asks the engine about the container (by the --name given) until it runs, and when
/// it started after the signal (or within <see cref="InitReady"/> before it), sends it the signal (<c>docker container
/// kill --signal</c>) as the proxy would have.
/// </summary>
public sealed partial class ContainerSignalRelay : IDisposable
{
    /// <summary>
    /// A container that started this little before the signal may not have passed it on either: its init (docker-init,
    /// PID 1) ignores a signal that comes before it has set up its handling, as the kernel does for any PID 1.
    /// </summary>
    private static readonly TimeSpan InitReady = TimeSpan.FromSeconds(2);

    /// <summary>How often the engine is asked while the container is not running yet.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private readonly DockerTool docker;
    private readonly string container;
    private readonly Action<string> say;
    private readonly CancellationTokenSource ended = new();
    private readonly Thread thread;

    private ContainerSignalRelay(DockerTool docker, string container, Action<string> say)
    {
        this.docker = docker;
        this.container = container;
        this.say = say;
        thread = new Thread(Watch) { IsBackground = true, Name = "container signal relay" };
        thread.Start();
    }

    /// <summary>What the engine's answer about the container means for a signal that came at a given moment.</summary>
    public enum Verdict
    {
        /// <summary>Not made or not started yet: ask again.</summary>
        Wait,

        /// <summary>It started after the signal, or just before it: the signal may not have reached it.</summary>
        Relay,

        /// <summary>It ran before the signal (docker run's proxy passed the signal on) or has ended.</summary>
        Done,
    }

    /// <summary>Watches the container named <paramref name="container"/> until disposed (when docker run has ended).</summary>
    public static ContainerSignalRelay Start(DockerTool docker, string container, Action<string> say) => new(docker, container, say);

    /// <summary>
    /// The verdict for <c>docker container inspect --format "{{.State.Status}} {{.State.StartedAt}}"</c>'s output (null
    /// when the engine has no such container yet) and the signal's moment.
    /// </summary>
    public static Verdict Judge(string? inspect, DateTimeOffset signalledAt)
    {
        var parts = inspect?.Trim().Split(' ') ?? [];
        if (parts is not [var status, var started])
        {
            return Verdict.Wait;
        }

        return status switch
        {
            "created" or "restarting" => Verdict.Wait,
            "running" => StartedAt(started) is { } moment && moment >= signalledAt - InitReady ? Verdict.Relay : Verdict.Done,
            _ => Verdict.Done,
        };
    }

    public void Dispose()
    {
        ended.Cancel();
        thread.Join();
        ended.Dispose();
    }

    /// <summary>The engine's RFC 3339 time with nanoseconds, cut to the 100 ns .NET keeps.</summary>
    private static DateTimeOffset? StartedAt(string text) =>
        DateTimeOffset.TryParse(Nanoseconds().Replace(text, "$1"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment) ? moment : null;

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex Nanoseconds();

    private void Watch()
    {
        try
        {
            Interruption.WaitForSignal(ended.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var signalledAt = Interruption.SignalledAt!.Value;
        Interruption.AlsoAfterSignal(() =>
        {
            do
            {
                var inspect = docker.Capture(new DockerContainerInspectSettings(container, "{{.State.Status}} {{.State.StartedAt}}"));
                switch (Judge(inspect.ExitCode == 0 ? inspect.Output : null, signalledAt))
                {
                    case Verdict.Relay:
                        say($"{container} started as the {Interruption.SignalName} came, which docker run could not pass on: sending it to the container");
                        docker.Capture(new DockerContainerKillSettings(container, Interruption.SignalName!));
                        return 0;
                    case Verdict.Done:
                        return 0;
                }
            }
            while (!ended.Token.WaitHandle.WaitOne(Poll));

            return 0;
        });
    }
}
