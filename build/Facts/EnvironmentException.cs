namespace Build.Facts;

/// <summary>
/// The machine is not as the run needs it (the Docker engine or a remote cannot be reached, BuildKit or an image
/// the plan consumes is missing): not the user's input (that is a UsageException, exit 2) and not a tool that ran
/// and failed (ToolFailedException, the tool's own code). The host prints one line and exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class EnvironmentException(string message) : Exception(message)
{
    public const int ExitCode = 1;
}
