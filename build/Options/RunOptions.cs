using System.Globalization;
using System.Text.RegularExpressions;
using Build.Docker;
using static Build.Options.OptionScope;

namespace Build.Options;

/// <summary>
/// RunContainer's options: run.sh's (docs/decisions.md §1.6), typed and checked, each declared once with [Option].
/// The host spells run.sh's short options long (-v, -e, -t and -w are host options): --volume, --env,
/// --interactive; container/run.sh takes run.sh's own spellings (build/FrontDoor/SeedRunArguments.cs).
/// The framework, the stage (default image) and --dry-run are the shared options of <see cref="BuildOptions"/>.
/// </summary>
public sealed record RunOptions
{
    public const string Task = "RunContainer";

    /// <summary>The image to run; null means dynamo:latest-&lt;fw&gt;[-&lt;stage&gt;].</summary>
    [Option("--image", RunContainer, "RunContainer: image to run (default dynamo:latest-<fw>[-<stage>]); a digest is fine.", Value = "IMAGE", Syntax = Syntax.ReferenceWithDigest)]
    public ImageReference? Image { get; init; }

    [Option("--name", RunContainer, "RunContainer: name of the container.", Value = "NAME", Syntax = Syntax.ContainerName)]
    public string? Name { get; init; }

    /// <summary>The host HF cache directory given with --hf-home/--hf-cache (as given; made absolute when planned).</summary>
    [Option("--hf-home", RunContainer, "RunContainer: host directory mounted as the HF cache; 'none' disables (default: none, or with --mount-workspace $HF_HOME or container/.cache/huggingface).", Value = "DIR", Aliases = ["--hf-cache"])]
    public string? HfHome { get; init; }

    /// <summary>--hf-home none (any case): no HF cache mount, even with --mount-workspace.</summary>
    public bool HfHomeDisabled { get; init; }

    /// <summary>The GPU request: auto (detect; the default), all, none, N, device=... (as given).</summary>
    [Option("--gpus", RunContainer, "RunContainer: auto (default: all when an NVIDIA GPU is found, else none), all, none, N or device=ID[,ID].", Value = "GPUS", Syntax = Syntax.Gpus)]
    public string Gpus { get; init; } = "auto";

    public bool GpusAuto => Gpus.Equals("auto", StringComparison.OrdinalIgnoreCase);

    public bool GpusNone => Gpus.Equals("none", StringComparison.OrdinalIgnoreCase);

    [Option("--runtime", RunContainer, "RunContainer: container runtime, e.g. nvidia (dropped with --gpus none).", Value = "RUNTIME", Syntax = Syntax.Runtime)]
    public string? Runtime { get; init; }

    [Option("--entrypoint", RunContainer, "RunContainer: override the image's entrypoint.", Value = "CMD")]
    public string? Entrypoint { get; init; }

    [Option("--workdir", RunContainer, "RunContainer: working directory in the container (default /workspace).", Value = "DIR", Syntax = Syntax.AbsolutePath)]
    public string Workdir { get; init; } = "/workspace";

    [Option("--privileged", RunContainer, "RunContainer: true or false (default false, also with --mount-workspace).", Value = "true|false", Syntax = Syntax.Bool)]
    public bool Privileged { get; init; }

    [Option("--rm", RunContainer, "RunContainer: remove the container when it exits: true (default) or false.", Value = "true|false", Syntax = Syntax.Bool)]
    public bool Remove { get; init; } = true;

    [Option("--volume", RunContainer, "RunContainer: mount HOST_PATH|VOLUME:CONTAINER_PATH[:OPTIONS] (run.sh's -v); repeatable.", Value = "SRC:DST", Syntax = Syntax.Volume, Repeatable = true)]
    public IReadOnlyList<VolumeSpec> Volumes { get; init; } = [];

    [Option("--port", RunContainer, "RunContainer: publish [IP:]HOST:CONTAINER[/PROTO] (not with --network host); repeatable.", Value = "HOST:CONTAINER", Syntax = Syntax.Port, Repeatable = true, Aliases = ["-p"])]
    public IReadOnlyList<string> Ports { get; init; } = [];

    [Option("--env", RunContainer, "RunContainer: environment variable KEY=VALUE, or KEY to pass the host's value (run.sh's -e); repeatable.", Value = "KEY[=VALUE]", Syntax = Syntax.Env, Repeatable = true)]
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>-it / -ti / -i -t: an interactive terminal (a terminal only when stdin is one).</summary>
    [Option("--interactive", RunContainer, "RunContainer: interactive terminal (run.sh's -it); -i only when stdin is not a terminal.", Aliases = ["-it", "-ti"])]
    public bool Interactive { get; init; }

    [Option("--mount-workspace", RunContainer, "RunContainer: development set-up: the repository at /workspace, /tmp, /mnt, HF_TOKEN and the HF cache.")]
    public bool MountWorkspace { get; init; }

    [Option("--use-nixl-gds", RunContainer, "RunContainer: mounts and capability for NVIDIA GPUDirect Storage.")]
    public bool UseNixlGds { get; init; }

    [Option("--network", RunContainer, "RunContainer: host (default), bridge, none, container:NAME or a network's name.", Value = "MODE", Syntax = Syntax.Network)]
    public string Network { get; init; } = "host";

    public bool HostNetwork => Network == "host";

    [Option("--user", RunContainer, "RunContainer: run as name|uid[:group|gid], e.g. root, 0, 1000:0.", Value = "USER", Syntax = Syntax.User)]
    public string? User { get; init; }

    /// <summary>--ulimit NAME=LIMIT overrides: each replaces the fixed limit of that name, or adds one.</summary>
    [Option("--ulimit", RunContainer, "RunContainer: NAME=SOFT[:HARD] replaces the fixed limit of NAME (memlock=-1, stack=67108864, nofile=65536:65536) or adds one, for engines whose hard limits are lower; repeatable.", Value = "NAME=LIMIT", Syntax = Syntax.Ulimit, Repeatable = true)]
    public IReadOnlyList<KeyValuePair<string, string>> Ulimits { get; init; } = [];

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

    public static IReadOnlyList<OptionSpec> Specs => Declared<RunOptions>.Specs;

    /// <summary>Platform ports (NATS, etcd, the frontend) that host networking shares with the host (docs/decisions.md §5.6).</summary>
    public static readonly IReadOnlyList<(int Port, string Service)> PlatformPorts =
        [(4222, "NATS"), (2379, "etcd"), (8000, "the frontend")];

    /// <summary>RunContainer's options when it runs (after the scopes are checked), else null.</summary>
    public static RunOptions? ParseFor(ParsedArguments args, BuildOptions build, bool runsContainer)
    {
        if (!runsContainer)
        {
            return null;
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
        var options = Declared<RunOptions>.Bind(args);
        var hfHomeDisabled = options.HfHome is not null && options.HfHome.Equals("none", StringComparison.OrdinalIgnoreCase);
        options = options with
        {
            HfHome = hfHomeDisabled ? null : options.HfHome,
            HfHomeDisabled = hfHomeDisabled,
            Command = args.Passthrough,
        };

        if (options.HostNetwork && options.Ports.Count > 0)
        {
            var port = args.Options.First(o => o.Spec.Name == "--port");
            throw new UsageException($"{port.As ?? port.Spec.Name} '{options.Ports[0]}' with --network host: docker ignores published ports on the host network (the container already uses the host's ports); drop --port, or use --network bridge to publish it.");
        }

        return options;
    }
}

/// <summary>A -v mount: a host path (absolute, or ./relative to be made absolute) or a named volume, an absolute container path, options.</summary>
public sealed record VolumeSpec(string Source, string Target, string? Mode)
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
            && source is not ("." or "..") && !RunGrammar.VolumeName().IsMatch(source))
        {
            throw new UsageException($"-v/--volume '{value}': '{source}' is neither a host path (absolute, or starting with ./ or ../) nor a volume name (letters, digits, '_', '.', '-').");
        }

        if (parts.Length == 3 && !RunGrammar.MountMode().IsMatch(parts[2]))
        {
            throw new UsageException($"-v/--volume '{value}': '{parts[2]}' is not a list of mount options such as ro, rw, z, Z, rshared, nocopy.");
        }

        return new VolumeSpec(source, target, parts.Length == 3 ? parts[2] : null);
    }
}
