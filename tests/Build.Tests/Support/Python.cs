namespace Build.Tests.Support;

/// <summary>
/// The Python interpreter itself, for stub scripts that run on every docker call: a version manager's shim on PATH
/// (pyenv's starts several bash processes) takes seconds per call on a loaded machine.
/// </summary>
public static class Python
{
    private static readonly Lazy<string> Path = new(
        () => Run.Process("python3", ["-c", "import sys; print(sys.executable)"]).Output.Trim() is { Length: > 0 } path ? path : "python3",
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The interpreter's path, quoted for bash.</summary>
    public static string Quoted => "'" + Path.Value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
