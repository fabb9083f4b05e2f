using Build.CommandLine;
using Build.Docker;
using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Build.Execution;

public sealed class GitToolSettings : ToolSettings
{
}

/// <summary>The git executable, run through Cake's tool runner with an argv list; used only for git apply.</summary>
public sealed class GitTool(ICakeContext context)
    : Tool<GitToolSettings>(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools)
{
    /// <summary>Runs git quietly in <paramref name="workingDirectory"/> and returns its exit code and output.</summary>
    public (int ExitCode, string Output, string Error) Capture(IReadOnlyList<CommandArgument> arguments, string workingDirectory)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var argument in arguments)
        {
            builder.Append(new ExactArgument(argument.Value));
        }

        var exit = 0;
        var output = string.Empty;
        var error = string.Empty;
        var settings = new GitToolSettings { WorkingDirectory = workingDirectory };
        try
        {
            Run(settings, builder, new ProcessSettings { RedirectStandardOutput = true, RedirectStandardError = true, Silent = true }, process =>
            {
                exit = process.GetExitCode();
                output = string.Join('\n', process.GetStandardOutput());
                error = string.Join('\n', process.GetStandardError());
            });
        }
        catch (CakeException e) when (e.Message.Contains("Could not locate executable", StringComparison.Ordinal))
        {
            throw new ToolFailedException("git was not found on PATH: install git (patches are applied with git apply)", 127);
        }

        return (exit, output, error);
    }

    protected override void ProcessExitCode(int exitCode)
    {
    }

    protected override string GetToolName() => "git";

    protected override IEnumerable<string> GetToolExecutableNames() => ["git", "git.exe"];
}
