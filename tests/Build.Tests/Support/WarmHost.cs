namespace Build.Tests.Support;

/// <summary>
/// Builds the bootstrapped host (./build.sh) once per test run, so tests see a warm host's output only. Run.Process
/// does it before it starts a front door of this repository (./build.sh, container/build.sh, container/run.sh); the
/// class fixture does it for a class whose tests start one otherwise.
/// </summary>
public sealed class WarmHost
{
    private static readonly Lazy<Run.Result> Warm = new(() => Run.Start(Path.Combine(RepoPaths.Root, "build.sh"), ["--version"], RepoPaths.Root));

    public WarmHost() => Ensure();

    public static void Ensure()
    {
        var result = Warm.Value;
        Assert.True(result.ExitCode == 0, result.Error);
    }
}
