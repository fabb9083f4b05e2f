using Build.Tests.Support;

namespace Build.Tests.Frosting;

/// <summary>Output through pipes (a CI log): no colour or terminal escape, whatever TERM says (docs/decisions.md §5.3).</summary>
[Trait("Category", "Process")]
public sealed class PipedOutputTests
{
    [Theory]
    [InlineData("--target", "Nope")]
    [InlineData("--dry-run", "--platfrom")]
    [InlineData("--target", "BuildLocalDev", "--dry-run")]
    [InlineData("--tree")]
    public void Piped_output_has_no_escape_byte(params string[] args)
    {
        var environment = new Dictionary<string, string?> { ["TERM"] = "xterm-256color", ["NO_COLOR"] = null, ["COLORTERM"] = "truecolor" };
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), args, RepoPaths.Root, environment);

        Assert.NotEqual(string.Empty, result.Output + result.Error);
        Assert.DoesNotContain('\u001b', result.Output);
        Assert.DoesNotContain('\u001b', result.Error);
    }
}
