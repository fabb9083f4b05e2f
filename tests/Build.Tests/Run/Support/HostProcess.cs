using System.Diagnostics;
using Build.Tests.Support;

namespace Build.Tests.RunContainerSupport;

/// <summary>Runs container/run.sh or ./build.sh for real (bash, the bootstrap, the host), optionally feeding standard input.</summary>
public static class HostProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    public static Result RunSh(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? input = null, string? workingDirectory = null) =>
        Start(Path.Combine(RepoPaths.Container, "run.sh"), args, workingDirectory ?? RepoPaths.Container, environment, input);

    public static Result BuildSh(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? input = null, string? workingDirectory = null) =>
        Start(Path.Combine(RepoPaths.Root, "build.sh"), args, workingDirectory ?? RepoPaths.Root, environment, input);

    public static Result Start(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?>? environment = null, string? input = null, int timeoutSeconds = 300)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
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

        using var process = Process.Start(info)!;
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
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish in {timeoutSeconds} s");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
