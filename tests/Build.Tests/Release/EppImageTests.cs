using Build.Tests.Release.Support;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release;

/// <summary>
/// BuildEpp for real (issue 5): a GAIE-shaped fixture repository and a patch against it, built with the local Go
/// builder image into an EPP image whose /epp runs and reports the commit and ref it was built from.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EppImageTests : IClassFixture<EppInputs>, IDisposable
{
    private readonly GaieFixture gaie = new();
    private readonly string report = Path.Combine(Path.GetTempPath(), $"epp-report-{Guid.NewGuid():N}.json");
    private readonly string ns = TestRun.Namespace($"epp-{Guid.NewGuid():N}"[..12]);

    [Fact]
    public void From_git_the_clone_is_patched_and_the_image_runs_as_nonroot_with_the_commit_and_ref()
    {
        var tag = Tag("git");
        var result = Host(["--target", "BuildEpp", "--gaie-git", gaie.Path, "--gaie-ref", GaieFixture.Tag, "--epp-patches", gaie.PatchDir,
            "--epp-tag", tag, "--report-json", report, .. EppInputs.HostArgs]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("Applied patch 0001-dynamo-scorer.patch", result.Output, StringComparison.Ordinal);

        var run = DockerCli.RunImage(tag);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(GaieFixture.Output(gaie.Commit, GaieFixture.Tag), run.Output.Trim());

        var config = (JObject)DockerCli.Inspect(tag)["Config"]!;
        Assert.Equal(["/epp"], config["Entrypoint"]!.Select(t => (string)t!));
        Assert.Equal("nonroot:nonroot", (string?)config["User"]);
        Assert.Equal("nonroot", DockerCli.Sh(tag, "id -un").Output.Trim());
        Assert.Equal("/home/nonroot", DockerCli.Sh(tag, "echo $HOME; test -d /home/nonroot/.cache/huggingface/hub").Output.Trim());
        Assert.Equal(gaie.Commit, (string?)config["Labels"]!["org.opencontainers.image.revision"]);

        var built = (JArray)JObject.Parse(File.ReadAllText(report))["images"]!;
        Assert.Contains(built, i => i["tags"]!.Select(t => (string)t!).SequenceEqual([tag, $"{ns}/dynamo-epp:latest"]));
    }

    [Fact]
    public void In_a_gaie_dir_a_second_run_reports_the_patch_as_already_applied_and_the_c_library_is_placed()
    {
        var tag = Tag("dir");
        var lib = Path.Combine(gaie.Root, "libdynamo_llm_capi.a");
        var header = Path.Combine(gaie.Root, "llm_engine.h");
        File.WriteAllText(lib, "!<arch>\n");
        File.WriteAllText(header, "/* dynamo llm engine */\n");
        string[] args = ["--target", "BuildEpp", "--gaie-dir", gaie.Path, "--epp-patches", gaie.PatchDir, "--epp-tag", tag,
            "--dynamo-capi-lib", lib, "--dynamo-capi-include", header, .. EppInputs.HostArgs];

        var first = Host(args);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        var second = Host(args);
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains("Patch 0001-dynamo-scorer.patch is already applied", second.Output, StringComparison.Ordinal);

        var plugin = Path.Combine(gaie.Path, "pkg/epp/scheduling/plugins/dynamo_kv_scorer");
        Assert.Equal("!<arch>\n", File.ReadAllText(Path.Combine(plugin, "lib", "libdynamo_llm_capi.a")));
        Assert.Equal("/* dynamo llm engine */\n", File.ReadAllText(Path.Combine(plugin, "include", "llm_engine.h")));
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Container, "Dockerfile.epp")), File.ReadAllText(Path.Combine(gaie.Path, "Dockerfile.dynamo")));
        Assert.Contains("libdynamo_llm_capi.a", first.Output + first.Error, StringComparison.Ordinal);
        Assert.Equal(GaieFixture.Output(gaie.Commit, GaieFixture.Tag), DockerCli.RunImage(tag).Output.Trim());
    }

    [Fact]
    public void A_patch_that_does_not_apply_stops_the_run_naming_it_before_any_build()
    {
        var tag = Tag("bad");
        File.WriteAllText(Path.Combine(gaie.PatchDir, "0002-stale.patch"),
            "diff --git a/go.mod b/go.mod\n--- a/go.mod\n+++ b/go.mod\n@@ -1,3 +1,3 @@\n-module example.com/other\n+module example.com/changed\n \n go 1.19\n");
        var result = Host(["--target", "BuildEpp", "--gaie-dir", gaie.Path, "--epp-patches", gaie.PatchDir, "--epp-tag", tag, .. EppInputs.HostArgs]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ERROR: patch 0002-stale.patch does not apply to", result.Error, StringComparison.Ordinal);
        Assert.Null(DockerCli.ImageId(tag));
    }

    [Fact]
    public void The_dry_run_lines_pasted_into_sh_build_the_same_image()
    {
        var tag = Tag("pasted");
        var dry = Host(["--target", "BuildEpp", "--gaie-git", gaie.Path, "--gaie-ref", "main", "--epp-patches", gaie.PatchDir,
            "--epp-tag", tag, "--dry-run", .. EppInputs.HostArgs]);
        Assert.True(dry.ExitCode == 0, dry.Error);
        var clone = Path.Combine(RepoPaths.Root, ".build", "epp", $"gaie-{gaie.Commit[..12]}");
        Assert.False(Directory.Exists(clone), "the dry run cloned nothing");

        var script = Path.Combine(gaie.Root, "pasted.sh");
        File.WriteAllText(script, "set -e\n" + dry.Output);
        var pasted = Run.Process("sh", [script], gaie.Root);
        Assert.True(pasted.ExitCode == 0, pasted.Output + pasted.Error);
        Assert.Equal(GaieFixture.Output(gaie.Commit, "main"), DockerCli.RunImage(tag).Output.Trim());
    }

    /// <summary>The test's --epp-tag (and --image-namespace, which names the dynamo-epp:latest tag the host adds).</summary>
    private string Tag(string name) => $"{ns}/dynamo-epp:itest-{name}";

    private Run.Result Host(params string[] args) => EppInputs.Host([.. args, "--image-namespace", ns]);

    public void Dispose()
    {
        TestRun.RemoveNamespace(ns);

        var clone = Path.Combine(RepoPaths.Root, ".build", "epp", $"gaie-{gaie.Commit[..12]}");
        if (Directory.Exists(clone))
        {
            Build.Execution.HostSteps.RemoveDirectory(clone);
        }

        gaie.Dispose();
        File.Delete(report);
    }
}
