using System.Globalization;
using System.Text.RegularExpressions;

namespace Build.Options;

/// <summary>The values of docker run's options (RunContainer): container names, GPUs, networks, users, ports, environment, ulimits, volumes.</summary>
public static partial class RunGrammar
{
    /// <summary>--network: host, bridge, none, container:NAME or a network name.</summary>
    public static string Network(string option, string value)
    {
        if (value.StartsWith("container:", StringComparison.Ordinal))
        {
            return NameGrammar.Name().IsMatch(value["container:".Length..])
                ? value
                : throw new UsageException($"{option} '{value}' must name the container whose network to share: container:NAME or container:ID.");
        }

        return NameGrammar.Name().IsMatch(value)
            ? value
            : throw new UsageException($"{option} '{value}' is not host, bridge, none, container:NAME or a network name (letters, digits, '_', '.', '-').");
    }

    /// <summary>-p/--port: [IP:]HOST:CONTAINER[/PROTOCOL], ports or equal-sized ranges.</summary>
    public static string Port(string option, string value)
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

    /// <summary>-e/--env: KEY=VALUE, or KEY to pass the host's value.</summary>
    public static string Env(string value)
    {
        var eq = value.IndexOf('=');
        var key = eq < 0 ? value : value[..eq];
        return key.Length == 0 || key.Any(char.IsWhiteSpace)
            ? throw new UsageException($"-e/--env '{value}' must be KEY=VALUE, or KEY to pass the host's value (KEY non-empty, without spaces).")
            : value;
    }

    private static readonly string[] UlimitNames =
        ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"];

    /// <summary>--ulimit: NAME=SOFT[:HARD] with a limit name docker knows.</summary>
    public static KeyValuePair<string, string> Ulimit(string option, string value)
    {
        var eq = value.IndexOf('=');
        var match = eq > 0 && UlimitNames.Contains(value[..eq]) ? UlimitValue().Match(value[(eq + 1)..]) : null;
        return match is { Success: true }
            ? new(value[..eq], value[(eq + 1)..])
            : throw new UsageException($"{option} '{value}' must be NAME=SOFT[:HARD] with NAME one of {string.Join(", ", UlimitNames)} and numbers (-1 for unlimited), e.g. memlock=8388608.");
    }

    /// <summary>A container name: at least 2 characters, starting with a letter or digit.</summary>
    [GeneratedRegex("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    public static partial Regex ContainerNamePattern();

    /// <summary>--gpus: auto, all, none, a count, or docker's KEY=VALUE form (device=ID[,ID]).</summary>
    [GeneratedRegex("^(?i:auto|all|none)$|^[0-9]+$|^\"?(count|device|capabilities|driver|options)=.+$")]
    public static partial Regex GpuPattern();

    /// <summary>--user: name|uid[:group|gid].</summary>
    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_.-]*\$?|[0-9]+)(:([A-Za-z_][A-Za-z0-9_.-]*\$?|[0-9]+))?$")]
    public static partial Regex UserPattern();

    [GeneratedRegex(@"^(?:(?<ip>[0-9]{1,3}(?:\.[0-9]{1,3}){3}|\[[0-9a-fA-F:.]+\]):)?(?<host>[0-9]{1,5}(?:-[0-9]{1,5})?):(?<container>[0-9]{1,5}(?:-[0-9]{1,5})?)(?:/(?:tcp|udp|sctp))?$")]
    private static partial Regex PortPattern();

    [GeneratedRegex("^(-1|[0-9]+(?::(?:-1|[0-9]+))?)$")]
    private static partial Regex UlimitValue();

    /// <summary>Mount options of a -v volume, e.g. ro or rw,z.</summary>
    [GeneratedRegex("^[A-Za-z]+(,[A-Za-z]+)*$")]
    public static partial Regex MountMode();

    /// <summary>A named volume (at least 2 characters, as docker requires).</summary>
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    public static partial Regex VolumeName();
}
