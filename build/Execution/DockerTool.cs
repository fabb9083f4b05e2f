using Build.Docker;
using Cake.Core;
using Cake.Core.IO;
using Cake.Core.IO.Arguments;
using Cake.Core.Tooling;

namespace Build.Execution;

public sealed class DockerToolSettings : ToolSettings
{
}

/// <summary>
/// The docker client, run through Cake's tool runner with an argv list (secrets redacted in logs). From a registry
/// login on, every docker call uses the run's own docker configuration (<see cref="RunDockerConfig"/>), removed by
/// <see cref="Dispose"/> (the run's teardown, or the process's exit).
/// </summary>
public sealed class DockerTool(ICakeContext context, string? dockerPath)
    : Tool<DockerToolSettings>(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools), IDisposable
{
    private readonly Lock gate = new();
    private int lastExitCode;
    private RunDockerConfig? runConfig;

    /// <summary>The run's docker configuration folder once a login made one; null before.</summary>
    public string? RunConfigDirectory => runConfig?.Directory;

    public void Dispose()
    {
        lock (gate)
        {
            runConfig?.Dispose();
            runConfig = null;
        }
    }

    /// <summary>What a person would type: the path given with --docker-path, else "docker".</summary>
    public string DisplayName => dockerPath ?? "docker";

    public static ProcessArgumentBuilder ToProcessArguments(DockerCommand command)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var argument in command.ToArguments())
        {
            IProcessArgument exact = new ExactArgument(argument.Value);
            builder.Append(argument.IsSecret ? new SecretArgument(exact) : exact);
        }

        return builder;
    }

    /// <summary>Runs with docker's output on the console; throws <see cref="ToolFailedException"/> with docker's exit code.</summary>
    public void Execute(DockerCommand command, string what)
    {
        var exit = RunCore(command, new ProcessSettings(), null);
        if (exit != 0)
        {
            throw new ToolFailedException($"{what} failed: docker exited with code {exit}", exit);
        }
    }

    /// <summary>
    /// Like <see cref="Execute"/>, with docker's standard error passed through and kept: a failure's message ends with
    /// docker's last error line (the registry's answer for docker login and docker push).
    /// </summary>
    /// <param name="onOutput">When given, docker's standard output goes there line by line instead of to the console.</param>
    public void ExecuteQuotingErrors(DockerCommand command, string what, Action<string>? onOutput = null)
    {
        var lines = new List<string>();
        var settings = new ProcessSettings
        {
            RedirectStandardOutput = onOutput is not null,
            RedirectedStandardOutputHandler = line =>
            {
                if (line is not null)
                {
                    onOutput?.Invoke(line);
                }

                return line;
            },
            RedirectStandardError = true,
            RedirectedStandardErrorHandler = line =>
            {
                if (line is not null)
                {
                    lines.Add(line);
                    Console.Error.WriteLine(line);
                }

                return line;
            },
        };
        var exit = RunCore(command, settings, null);
        if (exit != 0)
        {
            var why = lines.Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
            throw new ToolFailedException($"{what} failed: docker exited with code {exit}{(why is null ? string.Empty : ": " + why)}", exit);
        }
    }

    /// <summary>Runs with docker's standard error given line by line to <paramref name="onError"/> (BuildKit's progress); returns docker's exit code.</summary>
    public int Stream(DockerCommand command, Action<string> onError)
    {
        var settings = new ProcessSettings
        {
            RedirectStandardError = true,
            RedirectedStandardErrorHandler = line =>
            {
                if (line is not null)
                {
                    onError(line);
                }

                return line;
            },
        };
        return RunCore(command, settings, null);
    }

    /// <summary>
    /// Runs quietly and returns the exit code with standard output and error. Every such call asks the engine or
    /// client something (inspect, version, info): it also runs after a signal (<see cref="Interruption.AlsoAfterSignal{T}"/>).
    /// </summary>
    public (int ExitCode, string Output, string Error) Capture(DockerCommand command) => Interruption.AlsoAfterSignal(() => CaptureCore(command));

    private (int ExitCode, string Output, string Error) CaptureCore(DockerCommand command)
    {
        var output = string.Empty;
        var error = string.Empty;
        var settings = new ProcessSettings { RedirectStandardOutput = true, RedirectStandardError = true, Silent = true };
        var exit = RunCore(command, settings, process =>
        {
            output = string.Join('\n', process.GetStandardOutput());
            error = string.Join('\n', process.GetStandardError());
        });
        return (exit, output, error);
    }

    /// <summary>
    /// Like <see cref="Capture"/>, bounded in time: a docker that has not exited after <paramref name="limit"/> is
    /// ended (with its children) and the answer is null. For a question to something that may hang (a builder whose
    /// endpoint stopped answering).
    /// </summary>
    public (int ExitCode, string Output, string Error)? CaptureWithin(DockerCommand command, TimeSpan limit) => Interruption.AlsoAfterSignal(() =>
    {
        var settings = Prepared(command, new ProcessSettings { RedirectStandardOutput = true, RedirectStandardError = true, Silent = true });
        IProcess process;
        try
        {
            process = RunProcess(ToolSettings(), ToProcessArguments(command), settings);
        }
        catch (CakeException e) when (e.Message.Contains("Could not locate executable", StringComparison.Ordinal))
        {
            throw NotFound();
        }

        using (process)
        {
            if (!process.WaitForExit((int)limit.TotalMilliseconds))
            {
                process.Kill();
                return ((int, string, string)?)null;
            }

            return (process.GetExitCode(), string.Join('\n', process.GetStandardOutput()), string.Join('\n', process.GetStandardError()));
        }
    });

    private DockerToolSettings ToolSettings()
    {
        var settings = new DockerToolSettings();
        if (dockerPath is not null)
        {
            settings.ToolPath = new FilePath(dockerPath);
        }

        return settings;
    }

    private ToolFailedException NotFound() =>
        new($"the docker client '{DisplayName}' was not found: install Docker or name the client with --docker-path PATH", 127);

    private int RunCore(DockerCommand command, ProcessSettings processSettings, Action<IProcess>? onExit)
    {
        var settings = ToolSettings();
        Prepared(command, processSettings);
        lastExitCode = 0;
        try
        {
            Run(settings, ToProcessArguments(command), processSettings, process =>
            {
                lastExitCode = process.GetExitCode();
                onExit?.Invoke(process);
            });
        }
        catch (CakeException e) when (e.Message.Contains("Could not locate executable", StringComparison.Ordinal))
        {
            throw NotFound();
        }

        return lastExitCode;
    }

    /// <summary>What every docker process gets: its standard input, and the run's docker configuration once there is one.</summary>
    private ProcessSettings Prepared(DockerCommand command, ProcessSettings processSettings)
    {
        if (command.StandardInputFromEnvironment is { } variable)
        {
            // docker login --password-stdin: the value goes from the environment to docker's standard input, never to argv or a log.
            processSettings.StandardInput = Environment.GetEnvironmentVariable(variable) ?? string.Empty;
        }

        if (command.StandardInputText is { } text)
        {
            processSettings.StandardInput = text;
        }

        if (command is DockerLoginSettings)
        {
            UseRunConfig();
        }

        if (runConfig is not null)
        {
            processSettings.EnvironmentVariables = new Dictionary<string, string> { ["DOCKER_CONFIG"] = runConfig.Directory };
        }

        return processSettings;
    }

    /// <summary>The run's docker configuration, made at the first login (docs/decisions.md §4.4); removed also when the process exits early.</summary>
    private void UseRunConfig()
    {
        lock (gate)
        {
            if (runConfig is not null)
            {
                return;
            }

            runConfig = RunDockerConfig.Create(RunDockerConfig.UserDirectory(Environment.GetEnvironmentVariable));
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        }
    }

    // Exit codes are handled by the callers, which know what failed.
    protected override void ProcessExitCode(int exitCode)
    {
    }

    protected override string GetToolName() => "docker";

    protected override IEnumerable<string> GetToolExecutableNames() => ["docker", "docker.exe"];
}
