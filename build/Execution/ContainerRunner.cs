using Build.CommandLine;
using Build.Frosting;
using Build.Planning;

namespace Build.Execution;

/// <summary>
/// Runs RunContainer's docker run attached to this terminal (standard input, output and error are inherited, so -it
/// works); docker's exit code (the container command's, or docker's own 125-127) becomes the host's exit code.
/// </summary>
public static class ContainerRunner
{
    public static void Run(BuildContext context, PlanStep step)
    {
        // As the original's xtrace line: what runs, on stderr, so the container's standard output stays its own.
        Console.Error.WriteLine("+ " + ShellQuoting.CommandLine(context.Docker.DisplayName, step.Command.ToArguments()));

        // Ctrl-C reaches docker too (same process group), which stops the container; the host waits for docker's exit code.
        ConsoleCancelEventHandler waitForDocker = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += waitForDocker;
        var run = (Docker.DockerRunSettings)step.Command;
        var image = run.Image;
        try
        {
            context.Docker.Execute(run, $"docker run {image}");
        }
        catch (ToolFailedException e) when (e.ExitCode != 127)
        {
            // docker run exits with the container command's code, or 125 when docker itself could not run the container.
            var why = e.ExitCode == 125 ? " (docker could not start the container: see its message above)" : string.Empty;
            throw new ToolFailedException($"docker run {image} exited with code {e.ExitCode}{why}", e.ExitCode);
        }
        finally
        {
            Console.CancelKeyPress -= waitForDocker;
        }
    }
}
