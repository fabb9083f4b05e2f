namespace Build.Execution;

/// <summary>A tool (docker, git) ran and failed; the host exits with the tool's own exit code.</summary>
public sealed class ToolFailedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The tool's own output said everything (a container's command exiting non-zero): exit with its code, no ERROR line.</summary>
    public bool Quiet { get; init; }
}
