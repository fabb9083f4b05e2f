namespace Build.Tests.Support;

/// <summary>Builds the bootstrapped host (./build.sh) once, so tests see a warm host's output only.</summary>
public sealed class WarmHost
{
    public WarmHost()
    {
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--version"], RepoPaths.Root);
        Assert.True(result.ExitCode == 0, result.Error);
    }
}
