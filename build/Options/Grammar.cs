using System.Globalization;
using System.Text.RegularExpressions;
using Build.Docker;

namespace Build.Options;

/// <summary>How an option's value is read (see <see cref="Grammar"/>); the default follows the property's type.</summary>
public enum Syntax
{
    /// <summary>string: any non-empty text; int?: a numeric ID; ImageReference: a reference without a digest.</summary>
    Default,
    Frameworks,
    Platform,
    Stage,
    MatrixStages,
    ReferenceWithDigest,
    ReferenceText,
    BuildArg,
    NamedContext,
    Secret,
    Bool,
    AbsolutePath,
    ContainerName,
    Runtime,
    Gpus,
    Network,
    User,
    Port,
    Env,
    Ulimit,
    Volume,
    GitUrl,
    PythonVersion,
    VariableName,
    Registry,
    Executor,

    /// <summary>A repository prefix (--image-namespace): NS/dynamo-base:tag must be an image reference, lower case.</summary>
    ImageNamespace,

    /// <summary>An image repository without tag or digest (FROM's name part), e.g. nvcr.io/nvidia/cuda-dl-base.</summary>
    Repository,

    /// <summary>A docker tag: letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'.</summary>
    Tag,

    /// <summary>A file or directory on this machine (made absolute and checked by the facts).</summary>
    Path,

    /// <summary>A BuildKit cache spec: an image reference, or type=...,key=value,... (docker build --cache-from/--cache-to).</summary>
    CacheSpec,

    /// <summary>A git branch, tag or commit (git check-ref-format's rules, and never an option).</summary>
    GitRef,

    /// <summary>An http(s) or file URL without a password in it.</summary>
    Url,

    /// <summary>An S3 bucket name.</summary>
    Bucket,

    /// <summary>A cloud region name such as us-west-2.</summary>
    Region,

    /// <summary>A commit id (7 to 40 hex digits).</summary>
    Commit,

    /// <summary>A registry user name: no whitespace, no ':', not starting with '-'.</summary>
    UserName,

    /// <summary>A name (builder, network mode) by <see cref="Grammar.Name"/>.</summary>
    Name,
    CacheRegistry,
    OnOff,
    BuildFlag,
    BakeSet,
}

/// <summary>
/// The value grammars shared by every option (names, image references, platforms, ports, paths, ...), each written
/// once. A value that does not match is a <see cref="UsageException"/> naming the option as declared.
/// </summary>
public static partial class Grammar
{
    public static object Read(Syntax syntax, Type type, string option, string value)
    {
        // Build args and git URLs check their own way, with their own wording (docs/decisions.md §4.3).
        if (syntax is not (Syntax.BuildArg or Syntax.GitUrl))
        {
            SecretValues.CheckUrls(option, value);
        }

        try
        {
            return ReadChecked(syntax, type, option, value);
        }
        catch (UsageException e) when (SecretValues.SecretParts(value).Count > 0)
        {
            // A credential typed in the wrong place is refused without being printed back.
            throw new UsageException(SecretValues.Masked(e.Message, value));
        }
    }

    private static object ReadChecked(Syntax syntax, Type type, string option, string value) => syntax switch
    {
        Syntax.Default when type == typeof(int) => Id(option, value),
        Syntax.Default when type == typeof(ImageReference) => Reference(option, value),
        Syntax.Default => value,
        Syntax.Frameworks => Frameworks(value),
        Syntax.Platform => Platform(option, value),
        Syntax.Stage => Matching(option, value, Name(), "is not a stage name (letters, digits, '-', '_', '.'), e.g. dev, runtime or local-dev"),
        Syntax.MatrixStages => MatrixStages(value),
        Syntax.ReferenceWithDigest => Reference(option, value, allowDigest: true),
        Syntax.ReferenceText => Reference(option, value).ToString(),
        Syntax.BuildArg => BuildArg(option, value),
        Syntax.NamedContext => Pair(option, value, "NAME=PATH", Name()),
        Syntax.Secret => Secret(value),
        Syntax.Bool => Bool(option, value),
        Syntax.AbsolutePath => value.StartsWith('/') ? value : throw new UsageException($"{option} '{value}' must be an absolute path in the container, e.g. /workspace."),
        Syntax.ContainerName => Matching(option, value, ContainerNamePattern(), "is not a container name (letters, digits, '_', '.', '-'; at least 2 characters, starting with a letter or digit)"),
        Syntax.Runtime => Matching(option, value, Name(), "is not a runtime name such as nvidia or runc"),
        Syntax.Gpus => Matching(option, value, GpuPattern(), "is not auto, all, none, a count N, or device=ID[,ID] (docker's --gpus syntax)"),
        Syntax.Network => Network(option, value),
        Syntax.User => Matching(option, value, UserPattern(), "is not name|uid[:group|gid], e.g. root, 0, dynamo, 1000:0"),
        Syntax.Port => Port(option, value),
        Syntax.Env => Env(value),
        Syntax.Ulimit => Ulimit(option, value),
        Syntax.Volume => VolumeSpec.Parse(value),
        Syntax.GitUrl => GitUrl(option, value),
        Syntax.PythonVersion => value.Length > 0 && PythonVersionPattern().IsMatch(value) ? value : throw new UsageException($"{option} '{value}' must be MAJOR.MINOR, e.g. 3.12."),
        Syntax.VariableName => VariablePattern().IsMatch(value) ? value : throw new UsageException($"{option} '{value}' must be the NAME of an environment variable (letters, digits, '_'), not a password."),
        Syntax.Registry => RegistryTarget.Parse(value),
        Syntax.ImageNamespace => ImageNamespace(option, value),
        Syntax.Executor => value.ToLowerInvariant() switch
        {
            "auto" => ExecutorChoice.Auto,
            "bake" => ExecutorChoice.Bake,
            "sequential" => ExecutorChoice.Sequential,
            _ => throw new UsageException($"{option} '{value}' is not an executor: use auto, bake or sequential."),
        },
        Syntax.Repository => Repository(option, value),
        Syntax.Tag => Tag(option, value),
        Syntax.Path => value,
        Syntax.CacheSpec => CacheSpec(option, value),
        Syntax.GitRef => GitRef(option, value),
        Syntax.Url => Url(option, value),
        Syntax.Bucket => Matching(option, value, BucketPattern(), "is not a bucket name (1-63 lowercase letters, digits, '.', '-')"),
        Syntax.Region => Matching(option, value, RegionPattern(), "is not a region name such as us-west-2"),
        Syntax.Commit => Matching(option, value, CommitPattern(), "is not a commit id (up to 40 hex digits)"),
        Syntax.UserName => Matching(option, value, UserNamePattern(), "is not a user name (no spaces or ':', not starting with '-')"),
        Syntax.Name => Matching(option, value, Name(), "is not a name (letters, digits, '_', '.', '-', starting with a letter or digit)"),
        Syntax.CacheRegistry => CacheRegistry.TryParse(value, out var why) ?? throw new UsageException($"{option} '{value}' is not HOST[:PORT]/NAMESPACE or gha: {why}."),
        Syntax.OnOff => value.ToLowerInvariant() switch
        {
            "on" => true,
            "off" => false,
            _ => throw new UsageException($"{option} '{value}' must be on or off."),
        },
        Syntax.BuildFlag => BuildFlagPattern().IsMatch(value) ? PassThroughValues.BuildFlag(option, value) : throw new UsageException($"{option} '{value}' must be one docker build flag as one word: --FLAG or --FLAG=VALUE, e.g. --ssh=default."),
        Syntax.BakeSet => BakeSetPattern().IsMatch(value) ? PassThroughValues.BakeSet(option, value) : throw new UsageException($"{option} '{value}' must be TARGET.KEY=VALUE (bake's --set), e.g. '*.shm-size=2g'."),
        _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax, null),
    };

    /// <summary>
    /// A value no option takes: control characters (a newline would end the dry run's shell line and the regular
    /// expressions' '$' matches before one). Checked for every option's value before its grammar.
    /// </summary>
    public static void CheckText(string option, string value)
    {
        // By position, not by FirstOrDefault: U+0000 (NUL) is also char's default value.
        var at = value.ToList().FindIndex(char.IsControl);
        if (at >= 0)
        {
            throw new UsageException($"{option} has a control character (U+{(int)value[at]:X4}) in its value: no option takes one.");
        }
    }

    /// <summary>The operating systems and architectures docker knows (containerd's platform names and their aliases), with each architecture's variants.</summary>
    private static readonly string[] KnownOperatingSystems = ["linux", "windows", "darwin", "freebsd"];

    private static readonly Dictionary<string, string[]> KnownArchitectures = new(StringComparer.Ordinal)
    {
        ["amd64"] = ["v1", "v2", "v3", "v4"],
        ["x86_64"] = ["v1", "v2", "v3", "v4"],
        ["x86-64"] = ["v1", "v2", "v3", "v4"],
        ["arm64"] = ["v8", "v8.0", "v8.1", "v8.2", "v8.3", "v8.4", "v8.5", "v8.6", "v8.7", "v8.8", "v8.9", "v9", "v9.0", "v9.1", "v9.2", "v9.3", "v9.4", "v9.5"],
        ["aarch64"] = ["v8", "v9"],
        ["arm"] = ["v5", "v6", "v7", "v8"],
        ["armhf"] = [],
        ["armel"] = [],
        ["386"] = [],
        ["i386"] = [],
        ["ppc64le"] = [],
        ["ppc64"] = [],
        ["s390x"] = [],
        ["riscv64"] = [],
        ["mips64"] = [],
        ["mips64le"] = [],
        ["loong64"] = [],
    };

    /// <summary>OS/ARCH[/VARIANT] from docker's known list, or a comma-separated list of them.</summary>
    private static string Platform(string option, string value)
    {
        foreach (var platform in value.Split(','))
        {
            if (platform.Length == 0)
            {
                throw new UsageException($"{option} '{value}' has an empty item: list platforms separated by single commas, e.g. linux/amd64,linux/arm64.");
            }

            var parts = platform.Split('/');
            var known = parts.Length is 2 or 3
                && KnownOperatingSystems.Contains(parts[0])
                && KnownArchitectures.TryGetValue(parts[1], out var variants)
                && (parts.Length == 2 || variants.Contains(parts[2]));
            if (!known)
            {
                throw new UsageException($"{option} '{platform}' is not a platform docker knows: OS/ARCH[/VARIANT] with OS one of {string.Join(", ", KnownOperatingSystems)} and ARCH one of {string.Join(", ", KnownArchitectures.Keys)}, e.g. linux/amd64 or linux/arm64/v8.");
            }
        }

        return value;
    }

    private static string Repository(string option, string value)
    {
        var reference = Reference(option, value);
        return reference.Tag is null
            ? value
            : throw new UsageException($"{option} '{value}' has a tag: give the repository only (the tag goes in its own option, e.g. --base-image-tag).");
    }

    public static string Tag(string option, string value) =>
        ImageReference.IsTag(value)
            ? value
            : throw new UsageException($"{option} '{value}' is not a docker tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-').");

    private static string CacheSpec(string option, string value)
    {
        if (!value.Contains('='))
        {
            Reference(option, value);
            return value;
        }

        var fields = value.Split(',').Select(f => f.Split('=', 2)).ToList();
        var bad = fields.FirstOrDefault(f => f.Length != 2 || !CacheKeyPattern().IsMatch(f[0]) || f[1].Length == 0);
        if (bad is not null || !fields.Any(f => f[0] == "type"))
        {
            throw new UsageException($"{option} '{value}' must be an image reference or type=TYPE[,KEY=VALUE...], e.g. type=registry,ref=registry.example.com/cache:vllm.");
        }

        foreach (var field in fields)
        {
            SecretValues.CheckCacheField(option, field[0], field[1]);
        }

        foreach (var reference in fields.Where(f => f[0] == "ref"))
        {
            Reference($"{option} ref", reference[1]);
        }

        return value;
    }

    private static string GitRef(string option, string value) =>
        GitRefPattern().IsMatch(value) && !value.Contains("..", StringComparison.Ordinal) && !value.Contains("@{", StringComparison.Ordinal)
            && !value.EndsWith(".lock", StringComparison.Ordinal) && !value.Contains("//", StringComparison.Ordinal)
            ? value
            : throw new UsageException($"{option} '{value}' is not a branch, tag or commit (letters, digits, '.', '_', '-', '/', '+'; not starting with '-' or '.', no '..').");

    private static string Url(string option, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "file") || value.Any(char.IsWhiteSpace))
        {
            throw new UsageException($"{option} '{value}' is not an http(s) or file URL, e.g. https://pypi.org/simple.");
        }

        return uri.UserInfo.Contains(':')
            ? throw new UsageException($"{option} has a password in the URL: secrets never go on the command line; use a URL without it.")
            : value;
    }

    /// <summary>A name docker accepts for a stage, build context, network, runtime or container: letters, digits, '_', '.', '-'.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    public static partial Regex Name();

    /// <summary>A shell variable / build-arg name.</summary>
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    public static partial Regex VariablePattern();

    private static string Matching(string option, string value, Regex pattern, string notAccepted, char? eachOf = null)
    {
        foreach (var part in eachOf is { } separator ? value.Split(separator) : [value])
        {
            if (!pattern.IsMatch(part))
            {
                throw new UsageException($"{option} '{part}' {notAccepted}.");
            }
        }

        return value;
    }

    private static IReadOnlyList<Framework> Frameworks(string value)
    {
        if (value.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return Framework.All;
        }

        var list = new List<Framework>();
        foreach (var name in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (name.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var framework = Framework.Find(name)
                ?? throw new UsageException($"--framework '{name}' is not a framework: use vllm, trtllm, sglang, none (any case), a comma-separated list of them, or all.");
            if (!list.Contains(framework))
            {
                list.Add(framework);
            }
        }

        // 'all' in a list is every framework too (vllm,all and all,ALL,none are all of them).
        return value.Split(',', StringSplitOptions.TrimEntries).Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase)) ? Framework.All : list;
    }

    private static IReadOnlyList<string> MatrixStages(string value)
    {
        var stages = value.Split(',', StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        var bad = stages.FirstOrDefault(s => !Name().IsMatch(s) || s == "local-dev");
        return bad is null
            ? stages
            : throw new UsageException($"--matrix-stages '{value}': '{bad}' is not a stage BuildImage builds (give stage names such as dev,runtime, comma-separated).");
    }

    /// <summary>An image reference, parsed by the distribution grammar; digests only where a pinned image makes sense.</summary>
    public static ImageReference Reference(string option, string value, bool allowDigest = false)
    {
        if (!ImageReference.TryParse(value, out var reference, out var why))
        {
            throw new UsageException($"{option} '{value}' is not an image reference: {why}.");
        }

        if (reference.Digest is not null && !allowDigest)
        {
            throw new UsageException($"{option} '{value}' has a digest: give a name with an optional tag, e.g. my/img:tag.");
        }

        return reference;
    }

    private static int Id(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new UsageException($"{option} '{value}' must be a numeric ID from 0 to {int.MaxValue}.");

    /// <summary>KEY=VALUE of docker's --build-arg, wherever it enters (option, context overlay, pass-through).</summary>
    public static KeyValuePair<string, string> BuildArg(string option, string value)
    {
        var pair = Pair(option, value, "KEY=VALUE", VariablePattern());
        SecretValues.CheckBuildArg(option, pair.Key, pair.Value);

        // The framework Dockerfiles pick a stage by this value (FROM sccache_source_${USE_SCCACHE}): any other
        // value would fail inside the build as an image that cannot be pulled.
        if (pair.Key == "USE_SCCACHE" && pair.Value is not ("true" or "false"))
        {
            throw new UsageException($"{option} USE_SCCACHE='{pair.Value}' must be true or false (--use-sccache sets it).");
        }

        return pair;
    }

    private static KeyValuePair<string, string> Pair(string option, string value, string form, Regex keyPattern)
    {
        var eq = value.IndexOf('=');
        if (eq <= 0)
        {
            throw new UsageException($"{option} '{value}' must be {form}.");
        }

        var key = value[..eq];
        if (!keyPattern.IsMatch(key))
        {
            throw new UsageException($"{option} '{value}': '{key}' is not a valid name in {form}.");
        }

        return new(key, value[(eq + 1)..]);
    }

    private static string Secret(string value)
    {
        var fields = value.Split(',').Select(f => f.Split('=', 2)).ToList();
        if (fields.Any(f => f.Length != 2 || f[1].Length == 0) || !fields.Any(f => f[0] == "id")
            || fields.Any(f => f[0] is not ("id" or "env" or "src" or "source" or "type")))
        {
            throw new UsageException($"--secret '{value}' must be id=ID,env=VARIABLE or id=ID,src=FILE (the value itself never goes on the command line).");
        }

        return value;
    }

    private static bool Bool(string option, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new UsageException($"{option} '{value}' must be true or false (any case)."),
    };

    private static string Network(string option, string value)
    {
        if (value.StartsWith("container:", StringComparison.Ordinal))
        {
            return Name().IsMatch(value["container:".Length..])
                ? value
                : throw new UsageException($"{option} '{value}' must name the container whose network to share: container:NAME or container:ID.");
        }

        return Name().IsMatch(value)
            ? value
            : throw new UsageException($"{option} '{value}' is not host, bridge, none, container:NAME or a network name (letters, digits, '_', '.', '-').");
    }

    private static string Port(string option, string value)
    {
        var match = PortPattern().Match(value);
        if (!match.Success)
        {
            throw new UsageException($"{option} '{value}' must be [IP:]HOST:CONTAINER[/tcp|udp|sctp] with ports or ranges (1-65535), e.g. 8000:8000 or 127.0.0.1:9081:8081.");
        }

        var host = PortRange(match.Groups["host"].Value);
        var container = PortRange(match.Groups["container"].Value);
        if (host is null || container is null)
        {
            throw new UsageException($"{option} '{value}': ports must be 1-65535 and a range must run low-high.");
        }

        if (container.Value.Count > 1 && container.Value.Count != host.Value.Count)
        {
            throw new UsageException($"{option} '{value}': a container port range needs a host range of the same size.");
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

    private static string Env(string value)
    {
        var eq = value.IndexOf('=');
        var key = eq < 0 ? value : value[..eq];
        return key.Length == 0 || key.Any(char.IsWhiteSpace)
            ? throw new UsageException($"-e/--env '{value}' must be KEY=VALUE, or KEY to pass the host's value (KEY non-empty, without spaces).")
            : value;
    }

    private static readonly string[] UlimitNames =
        ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"];

    private static KeyValuePair<string, string> Ulimit(string option, string value)
    {
        var eq = value.IndexOf('=');
        var match = eq > 0 && UlimitNames.Contains(value[..eq]) ? UlimitValue().Match(value[(eq + 1)..]) : null;
        return match is { Success: true }
            ? new(value[..eq], value[(eq + 1)..])
            : throw new UsageException($"{option} '{value}' must be NAME=SOFT[:HARD] with NAME one of {string.Join(", ", UlimitNames)} and numbers (-1 for unlimited), e.g. memlock=8388608.");
    }

    /// <summary>A git URL (http(s), ssh, git, file; no password in it), scp-like git@host:path, or a local path (checked for existence by the facts).</summary>
    private static string GitUrl(string option, string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ssh" or "git" or "file")
        {
            if (uri.UserInfo.Contains(':'))
            {
                throw new UsageException($"{option} has a password in the URL: secrets never go on the command line; use a URL without it (a credential helper or SSH key supplies it).");
            }
        }

        SecretValues.CheckUrls(option, value);
        return value;
    }

    /// <summary>scp-like SSH: user@host:path.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+$")]
    public static partial Regex ScpLike();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?\z")]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^[a-z]{2,}(-[a-z0-9]+)+\z")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{1,40}\z")]
    private static partial Regex CommitPattern();

    [GeneratedRegex(@"^[^\s:'""\-][^\s:]*\z")]
    private static partial Regex UserNamePattern();

    /// <summary>A cache backend's key: BuildKit's are lower case with '-' or '_' (ignore-error, endpoint_url, upload_parallelism).</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9_-]*\z")]
    private static partial Regex CacheKeyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._/+-]*(?<![./])\z")]
    private static partial Regex GitRefPattern();

    [GeneratedRegex("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex ContainerNamePattern();

    [GeneratedRegex("^(?i:auto|all|none)$|^[0-9]+$|^\"?(count|device|capabilities|driver|options)=.+$")]
    private static partial Regex GpuPattern();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_.-]*\$?|[0-9]+)(:([A-Za-z_][A-Za-z0-9_.-]*\$?|[0-9]+))?$")]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"^(?:(?<ip>[0-9]{1,3}(?:\.[0-9]{1,3}){3}|\[[0-9a-fA-F:.]+\]):)?(?<host>[0-9]{1,5}(?:-[0-9]{1,5})?):(?<container>[0-9]{1,5}(?:-[0-9]{1,5})?)(?:/(?:tcp|udp|sctp))?$")]
    private static partial Regex PortPattern();

    [GeneratedRegex("^(-1|[0-9]+(?::(?:-1|[0-9]+))?)$")]
    private static partial Regex UlimitValue();

    /// <summary>A long docker flag, with its value in the same word.</summary>
    [GeneratedRegex("^--[a-z][a-z0-9-]*(=.*)?$", RegexOptions.Singleline)]
    private static partial Regex BuildFlagPattern();

    /// <summary>bake's --set: a target name or pattern, a key path, a value.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_*?\[\]-]+(\.[a-z][a-z0-9-]*)+(\.[A-Za-z0-9_.-]+)?=.*$", RegexOptions.Singleline)]
    private static partial Regex BakeSetPattern();

    /// <summary>A Python version MAJOR.MINOR (--python-version, frontend.python_version of container/context.yaml).</summary>
    [GeneratedRegex(@"^[0-9]+\.[0-9]+$")]
    public static partial Regex PythonVersionPattern();

    /// <summary>Mount options of a -v volume, e.g. ro or rw,z.</summary>
    [GeneratedRegex("^[A-Za-z]+(,[A-Za-z]+)*$")]
    public static partial Regex MountMode();

    /// <summary>A named volume (at least 2 characters, as docker requires).</summary>
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    public static partial Regex VolumeName();

    private static string ImageNamespace(string option, string value) =>
        !value.EndsWith('/') && !value.Any(char.IsUpper)
            && ImageReference.TryParse($"{value}/dynamo-base:t", out var reference, out _) && reference.Repository == $"{value}/dynamo-base"
            ? value
            : throw new UsageException($"{option} '{value}' is not a repository prefix: lower-case path components separated by '/', e.g. team or localhost:5000/team.");
}
