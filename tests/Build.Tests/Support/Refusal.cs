using Build.Options;

namespace Build.Tests.Support;

/// <summary>A refused input: one <see cref="UsageException"/> line (the host prints it as ERROR: ..., exit 2).</summary>
public static class Refusal
{
    /// <summary>The error is one line, starting with <paramref name="expected"/>.</summary>
    public static void StartsWith(string expected, Func<object> run)
    {
        var error = Assert.Throws<UsageException>(run);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
