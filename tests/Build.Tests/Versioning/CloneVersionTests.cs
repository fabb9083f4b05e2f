using Build.Tests.Support;
using LibGit2Sharp;

namespace Build.Tests.Versioning;

/// <summary>A fresh clone of this repository plans with the right version with no tags and when HEAD is tagged.</summary>
[Trait("Category", "Process")]
public sealed class CloneVersionTests : IClassFixture<WarmHost>
{
    [Fact]
    public void A_fresh_clone_plans_without_tags_and_with_head_exactly_tagged()
    {
        var clone = Directory.CreateTempSubdirectory("clone-").FullName;
        try
        {
            Repository.Clone(RepoPaths.Root, clone, new CloneOptions { Checkout = true });
            using var repo = new Repository(clone);
            foreach (var tag in repo.Tags.ToList())
            {
                repo.Tags.Remove(tag);
            }

            var sha = repo.Head.Tip.Sha[..7];
            // Sequential: the docker build lines carry the version as --build-arg (the bake form is tested in Execution/BakePlanTests).
            string[] args = ["--repo-root", clone, "--target", "BuildRuntime", "--dry-run", "--executor", "sequential"];
            var untagged = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), args, clone);
            Assert.Equal(0, untagged.ExitCode);
            Assert.Contains($"--build-arg VERSION=v0.0.1.dev.{sha} ", untagged.Output, StringComparison.Ordinal);
            // The version line names the version the tags carry.
            Assert.Contains($"No git release tag found, setting to unknown version: 0.0.1; this build's version is v0.0.1.dev.{sha}", untagged.Error, StringComparison.Ordinal);
            Assert.Contains($"--tag dynamo:v0.0.1.dev.{sha}-vllm-runtime ", untagged.Output, StringComparison.Ordinal);

            repo.ApplyTag("v9.8.7");
            var tagged = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), args, clone);
            Assert.Equal(0, tagged.ExitCode);
            Assert.Contains("--build-arg VERSION=v9.8.7 ", tagged.Output, StringComparison.Ordinal);
            Assert.Contains("--build-arg PYTHON_PACKAGE_VERSION=9.8.7 ", tagged.Output, StringComparison.Ordinal);
            Assert.Contains("--tag dynamo:v9.8.7-vllm-runtime ", tagged.Output, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var file in Directory.EnumerateFiles(clone, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(clone, recursive: true);
        }
    }
}
