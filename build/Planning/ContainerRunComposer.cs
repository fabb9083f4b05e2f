using Build.Docker;
using Build.Facts;
using Build.Options;

namespace Build.Planning;

/// <summary>RunContainer's plan: the docker run, the host directory a real run creates first, and the warnings.</summary>
/// <param name="HfHostDirectory">The host HF cache directory (created with mkdir -p by a real run, never by a dry run).</param>
public sealed record ContainerRun(DockerRunSettings Settings, string? HfHostDirectory, IReadOnlyList<string> Warnings)
{
    public IReadOnlyList<string> Directories => HfHostDirectory is null ? [] : [HfHostDirectory];

    /// <summary>
    /// The --ulimit flags to retry with when the engine refuses a limit ("error setting rlimit", exit 125): each
    /// limit the run asks for above this machine's hard limit, lowered to it; empty when none is above.
    /// </summary>
    public IReadOnlyList<string> UlimitRetry { get; init; } = [];
}

/// <summary>
/// Composes the typed <c>docker run</c> of RunContainer from the options and the facts: run.sh's
/// derived settings and fixed flags (docs/decisions.md §1.6), with the fixes of §2.13-2.16. Pure.
/// </summary>
public static class ContainerRunComposer
{
    public const string ShmSize = "10G";
    public const string Ipc = "host";
    public const string SysPtrace = "CAP_SYS_PTRACE";
    public const string IpcLock = "IPC_LOCK";
    public const string DefaultWorkdir = "/workspace";
    public const string RootHfTarget = "/root/.cache/huggingface";
    public const string UserHfTarget = "/home/dynamo/.cache/huggingface";

    public static readonly IReadOnlyList<string> Ulimits = ["memlock=-1", "stack=67108864", "nofile=65536:65536"];

    public static ContainerRun Compose(BuildOptions build, RunOptions run, RunFacts facts)
    {
        var warnings = new List<string>();
        var image = run.Image?.ToString() ?? ImageNames.LatestImage(build.ImageNamespace, build.Frameworks[0], build.Stage);

        string? gpus = run.Gpus;
        if (run.GpusNone)
        {
            gpus = null;
        }
        else if (run.GpusAuto)
        {
            var detection = facts.Gpu ?? new GpuDetection(false, "GPUs were not looked for");
            gpus = detection.Found ? "all" : null;
            if (!detection.Found)
            {
                warnings.Add($"no NVIDIA GPU found ({detection.Evidence}): running without --gpus; pass --gpus all to request GPUs anyway.");
            }
        }

        var tty = run.Interactive && facts.StdinIsTerminal;
        if (run.Interactive && !tty)
        {
            warnings.Add("standard input is not a terminal: running the container with -i only (no -t).");
        }

        if (run.HostNetwork)
        {
            foreach (var (port, service) in RunOptions.PlatformPorts.Where(p => facts.PlatformPortsInUse.Contains(p.Port)))
            {
                warnings.Add($"port {port} ({service}) is already in use on this machine: with --network host the container shares the host's ports, so {service} cannot listen on {port} inside it.");
            }
        }

        var repoRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(facts.RepoRoot));
        var mounts = new HostMounts();
        foreach (var volume in run.Volumes)
        {
            mounts.Add(Resolve(volume, facts.WorkingDirectory), $"-v/--volume '{volume}'");
        }

        if (run.MountWorkspace)
        {
            mounts.Add(new VolumeSpec(repoRoot, "/workspace", null), "--mount-workspace (the repository)");
            mounts.Add(new VolumeSpec("/tmp", "/tmp", null), "--mount-workspace");
            mounts.Add(new VolumeSpec("/mnt/", "/mnt", null), "--mount-workspace");
        }

        var hfHost = HfHostDirectory(run, facts, repoRoot);
        if (hfHost is not null)
        {
            mounts.Add(new VolumeSpec(hfHost, run.UserIsRoot ? RootHfTarget : UserHfTarget, null), run.HfHome is null ? "the HF cache (HF_HOME)" : "--hf-home");
        }

        if (run.UseNixlGds)
        {
            mounts.Add(new VolumeSpec("/run/udev", "/run/udev", "ro"), "--use-nixl-gds");
            if (!run.MountWorkspace)
            {
                mounts.Add(new VolumeSpec("/tmp", "/tmp", null), "--use-nixl-gds");
            }
        }

        var settings = new DockerRunSettings
        {
            // The host's signals must stop the container (docs/decisions.md §4.2).
            Init = true,
            Gpus = gpus,
            Interactive = run.Interactive,
            Tty = tty,
            Remove = run.Remove,
            Network = run.Network,
            Runtime = run.GpusNone ? null : run.Runtime,
            ShmSize = ShmSize,
            Ulimits = WithOverrides(Ulimits, run.Ulimits),
            Environment = run.MountWorkspace ? [.. run.Environment, "HF_TOKEN"] : run.Environment,
            Volumes = mounts.Short,
            Mounts = mounts.Long,
            Ports = run.Ports,
            Workdir = run.Workdir,
            CapAdd = run.UseNixlGds ? [SysPtrace, IpcLock] : [SysPtrace],
            Ipc = Ipc,
            Privileged = run.Privileged,
            User = run.User,
            Name = run.Name,
            Entrypoint = run.Entrypoint,
            Image = image,
            Command = run.Command,
        };
        return new ContainerRun(settings, hfHost, warnings) { UlimitRetry = UlimitRetry(settings.Ulimits, facts.HardLimits) };
    }

    /// <summary>Each NAME=SOFT[:HARD] above the machine's hard limit of NAME becomes NAME=HARD:HARD ("--ulimit" flags); -1 is unlimited.</summary>
    public static IReadOnlyList<string> UlimitRetry(IReadOnlyList<string> limits, IReadOnlyDictionary<string, long> hardLimits)
    {
        var retry = new List<string>();
        foreach (var limit in limits)
        {
            var (name, values) = (limit[..limit.IndexOf('=')], limit[(limit.IndexOf('=') + 1)..].Split(':'));
            if (!hardLimits.TryGetValue(name, out var hard) || hard < 0)
            {
                continue;
            }

            var asked = values.Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (asked.Any(v => v < 0 || v > hard))
            {
                var soft = asked[0] < 0 ? hard : Math.Min(asked[0], hard);
                retry.AddRange(["--ulimit", values.Length == 1 ? $"{name}={hard}" : $"{name}={soft}:{hard}"]);
            }
        }

        return retry;
    }

    /// <summary>--hf-home, else with --mount-workspace $HF_HOME or container/.cache/huggingface; absolute and normalised.</summary>
    private static string? HfHostDirectory(RunOptions run, RunFacts facts, string repoRoot)
    {
        if (run.HfHomeDisabled)
        {
            return null;
        }

        var given = run.HfHome;
        if (given is null && run.MountWorkspace)
        {
            var fromEnvironment = facts.HfHomeEnvironment;
            if (fromEnvironment is not null && fromEnvironment.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            given = fromEnvironment ?? Path.Combine(repoRoot, "container", ".cache", "huggingface");
        }

        return given is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(given, facts.WorkingDirectory));
    }

    /// <summary>The fixed limits with each --ulimit NAME=LIMIT replacing the one of that name in place, or added after them.</summary>
    private static List<string> WithOverrides(IReadOnlyList<string> fixedLimits, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        var limits = fixedLimits.ToList();
        foreach (var (name, limit) in overrides)
        {
            var index = limits.FindIndex(l => l.StartsWith(name + "=", StringComparison.Ordinal));
            if (index >= 0)
            {
                limits[index] = $"{name}={limit}";
            }
            else
            {
                limits.Add($"{name}={limit}");
            }
        }

        return limits;
    }

    /// <summary>A ./relative host path becomes absolute (as docker 23+ does itself); named volumes stay names.</summary>
    private static VolumeSpec Resolve(VolumeSpec volume, string workingDirectory) =>
        volume.Source.StartsWith('.')
            ? volume with { Source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(volume.Source, workingDirectory)) }
            : volume;

    /// <summary>The run's mounts in order: -v SOURCE:TARGET[:MODE], or --mount for a host path with a ':' (<see cref="BindMount"/>).</summary>
    private sealed class HostMounts
    {
        public List<string> Short { get; } = [];

        public List<string> Long { get; } = [];

        /// <param name="from">What asked for the mount, for the message (the option as typed, or the setting).</param>
        public void Add(VolumeSpec volume, string from)
        {
            // The environment (HF_HOME) and the repository's path meet the rule the command line's values meet.
            if (volume.Source.ToList().FindIndex(char.IsControl) is var at and >= 0)
            {
                throw new UsageException($"{from}: the host path has a control character (U+{(int)volume.Source[at]:X4}), which no mount can name as given: use a path without one.");
            }

            if (!BindMount.NeedsLongForm(volume.Source))
            {
                Short.Add(volume.ToString());
                return;
            }

            Long.Add(BindMount.LongForm(volume.Source, volume.Target, volume.Mode)
                ?? throw new UsageException($"{from}: the host path '{volume.Source}' has a ':', which docker's -v cannot hold, and --mount (which can) has no '{volume.Mode}' option: mount a path without ':' (a symbolic link to it), or drop the options."));
        }
    }
}
