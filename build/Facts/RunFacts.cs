using System.Diagnostics;
using System.Net.NetworkInformation;
using Build.Options;
using Newtonsoft.Json.Linq;

namespace Build.Facts;

/// <summary>Whether an NVIDIA GPU is usable, and what said so (or what was looked at).</summary>
public sealed record GpuDetection(bool Found, string Evidence);

/// <summary>
/// What RunContainer's plan needs from the machine, read once before planning (tests build these by hand):
/// GPUs (docs/decisions.md §2.15), whether stdin is a terminal (§2.16), HF_HOME (§2.14), platform ports in use.
/// Gathering only reads: it runs nvidia-smi -L and docker info, and reads the kernel's table of listening ports.
/// </summary>
public sealed record RunFacts(
    string RepoRoot,
    string WorkingDirectory,
    string? HfHomeEnvironment,
    bool StdinIsTerminal,
    GpuDetection? Gpu,
    IReadOnlyList<int> PlatformPortsInUse)
{
    /// <summary>This machine's hard resource limits by docker's --ulimit name (-1: unlimited), from /proc/self/limits.</summary>
    public IReadOnlyDictionary<string, long> HardLimits { get; init; } = new Dictionary<string, long>();

    /// <param name="engineRuntimesJson">docker info's {{json .Runtimes}}, or null when the engine cannot be asked.</param>
    public static RunFacts Gather(RunOptions options, string repoRoot, string workingDirectory, Func<string?> engineRuntimesJson) => new(
        repoRoot,
        workingDirectory,
        Environment.GetEnvironmentVariable("HF_HOME") is { Length: > 0 } hfHome ? hfHome : null,
        !Console.IsInputRedirected,
        options.GpusAuto ? GpuDetector.Detect(Environment.GetEnvironmentVariable("PATH"), engineRuntimesJson) : null,
        options.HostNetwork ? RunOptions.PlatformPorts.Select(p => p.Port).Where(PortProbe.InUse).ToList() : [])
    {
        HardLimits = ResourceLimits.Hard(File.Exists(ResourceLimits.ProcFile) ? File.ReadAllText(ResourceLimits.ProcFile) : string.Empty),
    };
}

/// <summary>The kernel's resource limits as docker's --ulimit names them.</summary>
public static class ResourceLimits
{
    public const string ProcFile = "/proc/self/limits";

    private static readonly Dictionary<string, string> NamesInProc = new(StringComparer.Ordinal)
    {
        ["Max cpu time"] = "cpu",
        ["Max file size"] = "fsize",
        ["Max data size"] = "data",
        ["Max stack size"] = "stack",
        ["Max core file size"] = "core",
        ["Max resident set"] = "rss",
        ["Max processes"] = "nproc",
        ["Max open files"] = "nofile",
        ["Max locked memory"] = "memlock",
        ["Max file locks"] = "locks",
        ["Max pending signals"] = "sigpending",
        ["Max msgqueue size"] = "msgqueue",
        ["Max nice priority"] = "nice",
        ["Max realtime priority"] = "rtprio",
        ["Max realtime timeout"] = "rttime",
    };

    /// <summary>The hard limits in a /proc/PID/limits text ("unlimited" is -1).</summary>
    public static IReadOnlyDictionary<string, long> Hard(string procLimits)
    {
        var hard = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in procLimits.Split('\n'))
        {
            var entry = NamesInProc.FirstOrDefault(n => line.StartsWith(n.Key + " ", StringComparison.Ordinal));
            if (entry.Key is null)
            {
                continue;
            }

            var fields = line[entry.Key.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2)
            {
                hard[entry.Value] = fields[1] == "unlimited" ? -1 : long.TryParse(fields[1], out var value) ? value : -1;
            }
        }

        return hard;
    }
}

/// <summary>--gpus auto: nvidia-smi on PATH lists a GPU, or the Docker engine has the nvidia runtime.</summary>
public static class GpuDetector
{
    public static GpuDetection Detect(string? pathVariable, Func<string?> engineRuntimesJson)
    {
        var smi = FindOnPath("nvidia-smi", pathVariable);
        if (smi is not null)
        {
            var gpus = ListGpus(smi);
            if (gpus > 0)
            {
                return new GpuDetection(true, $"nvidia-smi lists {gpus} GPU{(gpus == 1 ? "" : "s")}");
            }
        }

        var runtime = NvidiaRuntime(engineRuntimesJson());
        if (runtime is not null)
        {
            return new GpuDetection(true, $"the Docker engine has the '{runtime}' runtime");
        }

        return new GpuDetection(false, smi is null
            ? "nvidia-smi is not on PATH and the Docker engine reports no nvidia runtime"
            : "nvidia-smi lists no GPU and the Docker engine reports no nvidia runtime");
    }

    /// <summary>The name of an nvidia runtime in docker info's Runtimes object, or null.</summary>
    public static string? NvidiaRuntime(string? runtimesJson)
    {
        if (string.IsNullOrWhiteSpace(runtimesJson))
        {
            return null;
        }

        try
        {
            return JToken.Parse(runtimesJson) is JObject runtimes
                ? runtimes.Properties().Select(p => p.Name).FirstOrDefault(n => n.Contains("nvidia", StringComparison.OrdinalIgnoreCase))
                : null;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    public static string? FindOnPath(string name, string? pathVariable)
    {
        foreach (var dir in (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var file = Path.Combine(dir, name);
            if (File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
            {
                return file;
            }
        }

        return null;
    }

    /// <summary>The number of "GPU n: ..." lines of nvidia-smi -L (0 when it fails or hangs).</summary>
    private static int ListGpus(string smi)
    {
        try
        {
            var info = new ProcessStartInfo(smi, ["-L"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(15_000))
            {
                process.Kill(entireProcessTree: true);
                return 0;
            }

            return process.ExitCode != 0 ? 0 : output.Result.Split('\n').Count(l => l.StartsWith("GPU ", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return 0;
        }
    }
}

/// <summary>
/// Whether this machine already listens on a TCP port, from the kernel's table of listening sockets (/proc/net/tcp
/// and tcp6 on Linux): no connection is opened and no port is bound, so a dry run sends nothing over any network.
/// </summary>
public static class PortProbe
{
    public static bool InUse(int port) =>
        IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(listener => listener.Port == port);
}
