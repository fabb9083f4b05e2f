using Build.Tests.Support;

namespace Build.Tests.RunContainerSupport;

/// <summary>Runs container/run.sh or ./build.sh for real (bash, the bootstrap, the host), optionally feeding standard input.</summary>
public static class HostProcess
{
    public static Run.Result RunSh(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? input = null, string? workingDirectory = null) =>
        Start(Path.Combine(RepoPaths.Container, "run.sh"), args, workingDirectory ?? RepoPaths.Container, environment, input);

    public static Run.Result BuildSh(IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? input = null, string? workingDirectory = null) =>
        Start(Path.Combine(RepoPaths.Root, "build.sh"), args, workingDirectory ?? RepoPaths.Root, environment, input);

    public static Run.Result Start(string file, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?>? environment = null, string? input = null, int timeoutSeconds = 3600) =>
        Run.Process(file, args, workingDirectory, environment, timeoutSeconds, input);
}
