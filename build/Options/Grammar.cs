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
    public static object Read(Syntax syntax, Type type, string option, string value) => syntax switch
    {
        Syntax.Default when type == typeof(int) => Id(option, value),
        Syntax.Default when type == typeof(ImageReference) => Reference(option, value),
        Syntax.Default => value,
        Syntax.Frameworks => Frameworks(value),
        Syntax.Platform => Matching(option, value, PlatformPattern(), "is not OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm64", eachOf: ','),
        Syntax.Stage => Matching(option, value, Name(), "is not a stage name (letters, digits, '-', '_', '.'), e.g. dev, runtime or local-dev"),
        Syntax.MatrixStages => MatrixStages(value),
        Syntax.ReferenceWithDigest => Reference(option, value, allowDigest: true),
        Syntax.ReferenceText => Reference(option, value).ToString(),
        Syntax.BuildArg => Pair(option, value, "KEY=VALUE", VariablePattern()),
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
        Syntax.CacheRegistry => CacheRegistry.TryParse(value, out var why) ?? throw new UsageException($"{option} '{value}' is not HOST[:PORT]/NAMESPACE or gha: {why}."),
        Syntax.OnOff => value.ToLowerInvariant() switch
        {
            "on" => true,
            "off" => false,
            _ => throw new UsageException($"{option} '{value}' must be on or off."),
        },
        Syntax.BuildFlag => BuildFlagPattern().IsMatch(value) ? value : throw new UsageException($"{option} '{value}' must be one docker build flag as one word: --FLAG or --FLAG=VALUE, e.g. --ssh=default."),
        Syntax.BakeSet => BakeSetPattern().IsMatch(value) ? value : throw new UsageException($"{option} '{value}' must be TARGET.KEY=VALUE (bake's --set), e.g. '*.platform=linux/arm64'."),
        _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax, null),
    };

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
            var framework = Framework.Find(name)
                ?? throw new UsageException($"--framework '{name}' is not a framework: use vllm, trtllm, sglang, none (any case), a comma-separated list of them, or all.");
            if (!list.Contains(framework))
            {
                list.Add(framework);
            }
        }

        return list;
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
            return uri.UserInfo.Contains(':')
                ? throw new UsageException($"{option} has a password in the URL: secrets never go on the command line; use a URL without it (a credential helper or SSH key supplies it).")
                : value;
        }

        return value;
    }

    /// <summary>scp-like SSH: user@host:path.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+$")]
    public static partial Regex ScpLike();

    [GeneratedRegex("^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$")]
    private static partial Regex PlatformPattern();

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

    [GeneratedRegex(@"^[0-9]+\.[0-9]+$")]
    private static partial Regex PythonVersionPattern();

    /// <summary>Mount options of a -v volume, e.g. ro or rw,z.</summary>
    [GeneratedRegex("^[A-Za-z]+(,[A-Za-z]+)*$")]
    public static partial Regex MountMode();

    /// <summary>A named volume (at least 2 characters, as docker requires).</summary>
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    public static partial Regex VolumeName();
}
