using Build.Execution;
using Build.Frosting;
using Build.Planning;
using Build.Tests.Release.Support;
using Build.Tests.Support;

namespace Build.Tests.Execution;

/// <summary>The host steps for real, on a GAIE-shaped fixture repository (no docker): clone, checkout, patches, copies.</summary>
public sealed class HostStepsTests : IDisposable
{
    private readonly GaieFixture gaie = new();
    private readonly HostSteps hostSteps = NewHostSteps();

    private static HostSteps NewHostSteps()
    {
        var context = TestHost.Context(["--dry-run"]);
        return new HostSteps(new GitTool(context), context.Log);
    }

    [Fact]
    public void Clone_and_checkout_give_the_commit_then_the_patch_applies_and_then_counts_as_applied()
    {
        var clone = Path.Combine(gaie.Root, "clone");
        hostSteps.Run(new GitCloneCommand(gaie.Path, clone));
        hostSteps.Run(new GitCheckoutCommand(clone, gaie.Commit));
        var main = Path.Combine(clone, "cmd", "epp", "main.go");
        Assert.Contains("const scorer = \"builtin\"", File.ReadAllText(main), StringComparison.Ordinal);

        hostSteps.Run(new GitApplyCommand(clone, gaie.Patch));
        Assert.Contains("const scorer = \"dynamo\"", File.ReadAllText(main), StringComparison.Ordinal);

        // Applied already: reported and skipped, the tree unchanged.
        hostSteps.Run(new GitApplyCommand(clone, gaie.Patch));
        Assert.Contains("const scorer = \"dynamo\"", File.ReadAllText(main), StringComparison.Ordinal);
    }

    [Fact]
    public void A_patch_that_neither_applies_nor_is_applied_names_itself_and_gits_message()
    {
        var patch = Path.Combine(gaie.Root, "0009-stale.patch");
        File.WriteAllText(patch, "diff --git a/go.mod b/go.mod\n--- a/go.mod\n+++ b/go.mod\n@@ -1 +1 @@\n-module example.com/nothing\n+module example.com/changed\n");
        var e = Assert.Throws<ToolFailedException>(() => hostSteps.Run(new GitApplyCommand(gaie.Path, patch)));
        Assert.StartsWith($"patch 0009-stale.patch does not apply to {gaie.Path} (and is not already applied): error: patch failed: go.mod:1", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.ExitCode);
    }

    [Fact]
    public void A_checkout_of_a_commit_the_clone_lacks_fails_clearly()
    {
        var clone = Path.Combine(gaie.Root, "clone");
        hostSteps.Run(new GitCloneCommand(gaie.Path, clone));
        var e = Assert.Throws<ToolFailedException>(() => hostSteps.Run(new GitCheckoutCommand(clone, new string('b', 40))));
        Assert.Contains("is not in the clone", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Directories_and_files_are_made_copied_and_removed()
    {
        var dir = Path.Combine(gaie.Root, "a", "b");
        hostSteps.Run(new MakeDirectoryCommand(dir));
        hostSteps.Run(new CopyFileCommand(gaie.Patch, Path.Combine(dir, "copy.patch")));
        Assert.Equal(File.ReadAllText(gaie.Patch), File.ReadAllText(Path.Combine(dir, "copy.patch")));
        hostSteps.Run(new RemoveDirectoryCommand(Path.Combine(gaie.Root, "a")));
        Assert.False(Directory.Exists(Path.Combine(gaie.Root, "a")));
    }

    public void Dispose() => gaie.Dispose();
}
