using System.Diagnostics;

namespace Build.Tests.Support;

/// <summary>Runs a real process (bash, the host, docker) and collects its exit code and output.</summary>
public static class Run
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    /// <summary>
    /// Runs the process; a front door of this repository only once the host is published (WarmHost), so that its
    /// output is the warm host's whichever test starts one first.
    /// </summary>
    /// <param name="timeoutSeconds">
    /// A guard against a hung process, not a speed check: the longest ordinary call (the first ./build.sh of a fresh
    /// checkout publishes the host) took more than 10 min on 2 cores at load 45-60 (BootstrapTests' fixture), so an hour.
    /// </param>
    public static Result Process(string file, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string?>? environment = null, int timeoutSeconds = 3600, string? input = null)
    {
        if (FrontDoors.Contains(file))
        {
            WarmHost.Ensure();
        }

        return Start(file, args, workingDirectory, environment, timeoutSeconds, input);
    }

    private static readonly HashSet<string> FrontDoors =
    [
        Path.Combine(RepoPaths.Root, "build.sh"),
        Path.Combine(RepoPaths.Container, "build.sh"),
        Path.Combine(RepoPaths.Container, "run.sh"),
    ];

    /// <summary>Runs the process as it is: no warm host first (WarmHost's own call).</summary>
    internal static Result Start(string file, IEnumerable<string> args, string? workingDirectory = null, IDictionary<string, string?>? environment = null, int timeoutSeconds = 3600, string? input = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public static Result Bash(string script, string? workingDirectory = null, IDictionary<string, string?>? environment = null) =>
        Process("bash", ["-c", script], workingDirectory, environment);
}
