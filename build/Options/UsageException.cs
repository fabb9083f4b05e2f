namespace Build.Options;

/// <summary>
/// Bad input from the command line. The host prints the message as one line on stderr and exits 2,
/// before any docker command runs.
/// </summary>
public sealed class UsageException(string message) : Exception(message)
{
    public const int ExitCode = 2;
}
