using System.Globalization;
using System.Text.RegularExpressions;
using Build.Planning;

namespace Build.Options;

/// <summary>
/// RunContainer's options: the original run.sh's (reference §2.2), typed and checked (decisions §2.5, §2.13-2.16).
/// The host spells the original's short options long (-v, -e, -t and -w are host options): --volume, --env,
/// --interactive; container/run.sh takes the original spellings (build/FrontDoor/SeedRunArguments.cs).
/// The framework, the stage (default image) and --dry-run are the shared options of <see cref="BuildOptions"/>.
/// </summary>
public sealed partial record RunOptions
{
    public const string Task = "RunContainer";

    /// <summary>The image to run; null means dynamo:latest-&lt;fw&gt;[-&lt;stage&gt;].</summary>
    public ImageReference? Image { get; init; }

    public string? Name { get; init; }

    /// <summary>The host HF cache directory given with --hf-home/--hf-cache (as given; made absolute when planned).</summary>
    public string? HfHome { get; init; }

    /// <summary>--hf-home none (any case): no HF cache mount, even with --mount-workspace.</summary>
    public bool HfHomeDisabled { get; init; }

    /// <summary>The GPU request: auto (detect; the default), all, none, N, device=... (as given).</summary>
    public string Gpus { get; init; } = "auto";

    public bool GpusAuto => Gpus.Equals("auto", StringComparison.OrdinalIgnoreCase);

    public bool GpusNone => Gpus.Equals("none", StringComparison.OrdinalIgnoreCase);

    public string? Runtime { get; init; }

    public string? Entrypoint { get; init; }

    public string Workdir { get; init; } = "/workspace";

    public bool Privileged { get; init; }

    public bool Remove { get; init; } = true;

    public IReadOnlyList<VolumeSpec> Volumes { get; init; } = [];

    public IReadOnlyList<string> Ports { get; init; } = [];

    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>-it / -ti / -i -t: an interactive terminal (a terminal only when stdin is one).</summary>
    public bool Interactive { get; init; }

    public bool MountWorkspace { get; init; }

    /// <summary>--ulimit NAME=LIMIT overrides: each replaces the fixed limit of that name, or adds one.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Ulimits { get; init; } = [];

    public bool UseNixlGds { get; init; }

    public string Network { get; init; } = "host";

    public bool HostNetwork => Network == "host";

    public string? User { get; init; }

    /// <summary>The container's command: the words after '--', untouched.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Whether the user runs as root (by name or UID, with any group): root, 0, 0:0, root:root, 0:root ...</summary>
    public bool UserIsRoot
    {
        get
        {
            if (User is null)
            {
                return false;
            }

            var name = User.Split(':')[0];
            return name == "root" || (uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) && uid == 0);
        }
    }

    public static readonly IReadOnlyList<OptionSpec> Specs =
    [
        new("--image", OptionArity.Value, "RunContainer: image to run (default dynamo:latest-<fw>[-<stage>]); a digest is fine.", "IMAGE"),
        new("--name", OptionArity.Value, "RunContainer: name of the container.", "NAME"),
        new("--hf-home", OptionArity.Value, "RunContainer: host directory mounted as the HF cache; 'none' disables (default: none, or with --mount-workspace $HF_HOME or container/.cache/huggingface).", "DIR", Aliases: ["--hf-cache"]),
        new("--gpus", OptionArity.Value, "RunContainer: auto (default: all when an NVIDIA GPU is found, else none), all, none, N or device=ID[,ID].", "GPUS"),
        new("--runtime", OptionArity.Value, "RunContainer: container runtime, e.g. nvidia (dropped with --gpus none).", "RUNTIME"),
        new("--entrypoint", OptionArity.Value, "RunContainer: override the image's entrypoint.", "CMD"),
        new("--workdir", OptionArity.Value, "RunContainer: working directory in the container (default /workspace).", "DIR"),
        new("--privileged", OptionArity.Value, "RunContainer: true or false (default false, also with --mount-workspace).", "true|false"),
        new("--rm", OptionArity.Value, "RunContainer: remove the container when it exits: true (default) or false.", "true|false"),
        new("--volume", OptionArity.Value, "RunContainer: mount HOST_PATH|VOLUME:CONTAINER_PATH[:OPTIONS] (run.sh's -v); repeatable.", "SRC:DST", Repeatable: true),
        new("--port", OptionArity.Value, "RunContainer: publish [IP:]HOST:CONTAINER[/PROTO] (not with --network host); repeatable.", "HOST:CONTAINER", Repeatable: true, Aliases: ["-p"]),
        new("--env", OptionArity.Value, "RunContainer: environment variable KEY=VALUE, or KEY to pass the host's value (run.sh's -e); repeatable.", "KEY[=VALUE]", Repeatable: true),
        new("--interactive", OptionArity.Flag, "RunContainer: interactive terminal (run.sh's -it); -i only when stdin is not a terminal.", Aliases: ["-it", "-ti"]),
        new("--mount-workspace", OptionArity.Flag, "RunContainer: development set-up: the repository at /workspace, /tmp, /mnt, HF_TOKEN and the HF cache."),
        new("--use-nixl-gds", OptionArity.Flag, "RunContainer: mounts and capability for NVIDIA GPUDirect Storage."),
        new("--network", OptionArity.Value, "RunContainer: host (default), bridge, none, container:NAME or a network's name.", "MODE"),
        new("--user", OptionArity.Value, "RunContainer: run as name|uid[:group|gid], e.g. root, 0, 1000:0.", "USER"),
        new("--ulimit", OptionArity.Value, "RunContainer: NAME=SOFT[:HARD] replaces the fixed limit of NAME (memlock=-1, stack=67108864, nofile=65536:65536) or adds one, for engines whose hard limits are lower; repeatable.", "NAME=LIMIT", Repeatable: true),
    ];

    /// <summary>The build options that also mean something to RunContainer; every other build option is a build option only.</summary>
    public static readonly IReadOnlySet<string> SharedBuildOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "--framework", "--stage", "--dry-run", "--plan-json", "--docker-path", "--repo-root", "--image-namespace",
    };

    /// <summary>Platform ports the seed README's host-networking caveat names.</summary>
    public static readonly IReadOnlyList<(int Port, string Service)> PlatformPorts =
        [(4222, "NATS"), (2379, "etcd"), (8000, "the frontend")];

    /// <summary>
    /// RunContainer's options when it runs (else null): run options and '--' without RunContainer are errors, and so
    /// are build-only options when nothing is built.
    /// </summary>
    public static RunOptions? ParseFor(ParsedArguments args, BuildOptions build, bool runsContainer, bool buildsImages)
    {
        if (!runsContainer)
        {
            var given = args.Options.FirstOrDefault(o => Specs.Any(s => s.Name == o.Spec.Name));
            if (given is not null)
            {
                throw new UsageException($"{given.Spec.Name} is a {Task} option: use --target {Task}.");
            }

            if (args.HasSeparator)
            {
                throw new UsageException($"'--' is only for {Task}'s container command (use --target {Task}).");
            }

            return null;
        }

        if (!buildsImages)
        {
            var buildOnly = args.Options.FirstOrDefault(o => BuildOptions.Specs.Any(s => s.Name == o.Spec.Name) && !SharedBuildOptions.Contains(o.Spec.Name));
            if (buildOnly is not null)
            {
                throw new UsageException($"{buildOnly.Spec.Name} is a build option, but this run only runs a container ({Task}): drop it, or add a build task with --target.");
            }
        }

        if (build.Frameworks.Count != 1)
        {
            throw new UsageException($"--framework '{string.Join(",", build.Frameworks)}': {Task} runs one image, give one framework (vllm, trtllm, sglang or none).");
        }

        return Parse(args);
    }

    /// <summary>Reads and checks every run option; the first problem is a <see cref="UsageException"/>.</summary>
    public static RunOptions Parse(ParsedArguments args)
    {
        var hfHome = args.Value("--hf-home");
        var options = new RunOptions
        {
            Image = BuildOptions.ParseReference("--image", args.Value("--image"), allowDigest: true),
            Name = Checked("--name", args.Value("--name"), ContainerName(), "a container name (letters, digits, '_', '.', '-'; at least 2 characters, starting with a letter or digit)"),
            HfHome = hfHome is not null && !IsNone(hfHome) ? hfHome : null,
            HfHomeDisabled = hfHome is not null && IsNone(hfHome),
            Gpus = Checked("--gpus", args.Value("--gpus"), GpuRequest(), "auto, all, none, a count N, or device=ID[,ID] (docker's --gpus syntax)") ?? "auto",
            Runtime = Checked("--runtime", args.Value("--runtime"), RuntimeName(), "a runtime name such as nvidia or runc"),
            Entrypoint = args.Value("--entrypoint"),
            Workdir = ParseWorkdir(args.Value("--workdir")),
            Privileged = ParseBool("--privileged", args.Value("--privileged")) ?? false,
            Remove = ParseBool("--rm", args.Value("--rm")) ?? true,
            Volumes = args.Values("--volume").Select(VolumeSpec.Parse).ToList(),
            Ports = args.Values("--port").Select(ParsePort).ToList(),
            Environment = args.Values("--env").Select(ParseEnv).ToList(),
            Interactive = args.Has("--interactive"),
            MountWorkspace = args.Has("--mount-workspace"),
            UseNixlGds = args.Has("--use-nixl-gds"),
            Network = ParseNetwork(args.Value("--network")),
            User = Checked("--user", args.Value("--user"), UserPattern(), "name|uid[:group|gid], e.g. root, 0, dynamo, 1000:0"),
            Ulimits = args.Values("--ulimit").Select(ParseUlimit).ToList(),
            Command = args.Passthrough,
        };

        if (options.HostNetwork && options.Ports.Count > 0)
        {
            throw new UsageException($"--port '{options.Ports[0]}' with --network host: docker ignores published ports on the host network (the container already uses the host's ports); drop --port, or use --network bridge to publish it.");
        }

        return options;
    }

    private static bool IsNone(string value) => value.Equals("none", StringComparison.OrdinalIgnoreCase);

    private static string? Checked(string option, string? value, Regex pattern, string accepted)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            throw new UsageException($"{option} '{value}' is not {accepted}.");
        }

        return value;
    }

    private static bool? ParseBool(string option, string? value) => value?.ToLowerInvariant() switch
    {
        null => null,
        "true" => true,
        "false" => false,
        _ => throw new UsageException($"{option} '{value}' must be true or false (any case)."),
    };

    private static string ParseWorkdir(string? value)
    {
        if (value is not null && !value.StartsWith('/'))
        {
            throw new UsageException($"--workdir '{value}' must be an absolute path in the container, e.g. /workspace.");
        }

        return value ?? "/workspace";
    }

    private static string ParsePort(string value)
    {
        var match = PortPattern().Match(value);
        if (!match.Success)
        {
            throw new UsageException($"--port '{value}' must be [IP:]HOST:CONTAINER[/tcp|udp|sctp] with ports or ranges (1-65535), e.g. 8000:8000 or 127.0.0.1:9081:8081.");
        }

        var host = PortRange(match.Groups["host"].Value);
        var container = PortRange(match.Groups["container"].Value);
        if (host is null || container is null)
        {
            throw new UsageException($"--port '{value}': ports must be 1-65535 and a range must run low-high.");
        }

        if (container.Value.Count > 1 && container.Value.Count != host.Value.Count)
        {
            throw new UsageException($"--port '{value}': a container port range needs a host range of the same size.");
        }

        return value;
    }

    private static (int Low, int Count)? PortRange(string text)
    {
        var parts = text.Split('-');
        var low = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var high = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : low;
        return low is >= 1 and <= 65535 && high is >= 1 and <= 65535 && high >= low ? (low, high - low + 1) : null;
    }

    private static string ParseEnv(string value)
    {
        var eq = value.IndexOf('=');
        var key = eq < 0 ? value : value[..eq];
        if (key.Length == 0 || key.Any(char.IsWhiteSpace))
        {
            throw new UsageException($"-e/--env '{value}' must be KEY=VALUE, or KEY to pass the host's value (KEY non-empty, without spaces).");
        }

        return value;
    }

    private static KeyValuePair<string, string> ParseUlimit(string value)
    {
        var match = UlimitPattern().Match(value);
        if (!match.Success)
        {
            throw new UsageException($"--ulimit '{value}' must be NAME=SOFT[:HARD] with NAME one of {string.Join(", ", UlimitNames)} and numbers (-1 for unlimited), e.g. memlock=8388608.");
        }

        return new(match.Groups[1].Value, match.Groups[2].Value);
    }

    private static readonly string[] UlimitNames =
        ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"];

    private static string ParseNetwork(string? value)
    {
        if (value is null)
        {
            return "host";
        }

        if (value.StartsWith("container:", StringComparison.Ordinal))
        {
            var name = value["container:".Length..];
            if (!ContainerRef().IsMatch(name))
            {
                throw new UsageException($"--network '{value}' must name the container whose network to share: container:NAME or container:ID.");
            }

            return value;
        }

        if (!NetworkName().IsMatch(value))
        {
            throw new UsageException($"--network '{value}' is not host, bridge, none, container:NAME or a network name (letters, digits, '_', '.', '-').");
        }

        return value;
    }

    [GeneratedRegex("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex ContainerName();

    [GeneratedRegex("^(core|cpu|data|fsize|locks|memlock|msgqueue|nice|nofile|nproc|rss|rtprio|rttime|sigpending|stack)=(-1|[0-9]+(?::(?:-1|[0-9]+))?)$")]
    private static partial Regex UlimitPattern();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex ContainerRef();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex NetworkName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex RuntimeName();

    [GeneratedRegex("^(?i:auto|all|none)$|^[0-9]+$|^\"?(count|device|capabilities|driver|options)=.+$")]
    private static partial Regex GpuRequest();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_.-]*\$?|[0-9]+)(:([A-Za-z_][A-Za-z0-9_.-]*\$?|[0-9]+))?$")]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"^(?:(?<ip>[0-9]{1,3}(?:\.[0-9]{1,3}){3}|\[[0-9a-fA-F:.]+\]):)?(?<host>[0-9]{1,5}(?:-[0-9]{1,5})?):(?<container>[0-9]{1,5}(?:-[0-9]{1,5})?)(?:/(?:tcp|udp|sctp))?$")]
    private static partial Regex PortPattern();
}

/// <summary>A -v mount: a host path (absolute, or ./relative to be made absolute) or a named volume, an absolute container path, options.</summary>
public sealed partial record VolumeSpec(string Source, string Target, string? Mode)
{
    /// <summary>A host path rather than a named volume.</summary>
    public bool IsHostPath => Source.StartsWith('/') || Source.StartsWith('.');

    public override string ToString() => $"{Source}:{Target}{(Mode is null ? "" : ":" + Mode)}";

    public static VolumeSpec Parse(string value)
    {
        var parts = value.Split(':');
        if (parts.Length < 2 || parts.Length > 3 || parts.Any(p => p.Length == 0))
        {
            throw new UsageException($"-v/--volume '{value}' must be HOST_PATH:CONTAINER_PATH[:OPTIONS] or VOLUME:CONTAINER_PATH[:OPTIONS], e.g. $HOME/.cache:/home/dynamo/.cache.");
        }

        var (source, target) = (parts[0], parts[1]);
        if (!target.StartsWith('/'))
        {
            throw new UsageException($"-v/--volume '{value}': the container path '{target}' must be absolute (start with '/').");
        }

        if (!source.StartsWith('/') && !source.StartsWith("./", StringComparison.Ordinal) && !source.StartsWith("../", StringComparison.Ordinal)
            && source is not ("." or "..") && !VolumeName().IsMatch(source))
        {
            throw new UsageException($"-v/--volume '{value}': '{source}' is neither a host path (absolute, or starting with ./ or ../) nor a volume name (letters, digits, '_', '.', '-').");
        }

        if (parts.Length == 3 && !ModePattern().IsMatch(parts[2]))
        {
            throw new UsageException($"-v/--volume '{value}': '{parts[2]}' is not a list of mount options such as ro, rw, z, Z, rshared, nocopy.");
        }

        return new VolumeSpec(source, target, parts.Length == 3 ? parts[2] : null);
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex VolumeName();

    [GeneratedRegex("^[A-Za-z]+(,[A-Za-z]+)*$")]
    private static partial Regex ModePattern();
}
