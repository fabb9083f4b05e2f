using Build.Docker;
using Build.Options;
using Build.Planning;
using Build.Tests.Release.Support;
using Build.Tests.Support;
using LibGit2Sharp;

namespace Build.Tests.Planning;

/// <summary>The plans of BuildEpp and BuildFrontend (docs/decisions.md §1.7): host steps, then typed docker builds.</summary>
public sealed class ReleaseComposerTests : IDisposable
{
    private const string Version = "v0.4.1.dev.abc1234";
    private readonly GaieFixture gaie = new();

    private string CloneDir => $"/repo/.build/epp/gaie-{gaie.Commit[..12]}";

    [Fact]
    public void BuildEpp_from_git_clones_checks_out_patches_places_the_dockerfile_and_builds()
    {
        var context = TestHost.Context(["--target", "BuildEpp", "--gaie-git", gaie.Path, "--gaie-ref", GaieFixture.Tag, "--epp-patches", gaie.PatchDir]);
        var d = CloneDir;
        Assert.Equal(
            [
                $"git clone --no-checkout -- {gaie.Path} {d}",
                $"git -C {d} -c advice.detachedHead=false checkout --detach {gaie.Commit}",
                $"git -C {d} apply --check {gaie.Patch} && git -C {d} apply {gaie.Patch} || git -C {d} apply --reverse --check {gaie.Patch}",
                $"cp -- /repo/container/Dockerfile.epp {d}/Dockerfile.dynamo",
                $"docker build -f {d}/Dockerfile.dynamo --platform linux/amd64 --build-arg COMMIT_SHA={gaie.Commit} --build-arg BUILD_REF=v0.5.1 " +
                $"--tag dynamo-epp:{Version} --tag dynamo-epp:latest --label org.opencontainers.image.version={Version} --label org.opencontainers.image.revision={gaie.Commit} {d}",
            ],
            TestHost.ShellLines(context));
        Assert.All(context.Plan.Steps, s => Assert.Equal("BuildEpp", s.Task));
        Assert.Equal([$"dynamo-epp:{Version}", "dynamo-epp:latest"], context.Plan.Steps[^1].Tags);
    }

    [Fact]
    public void A_branch_and_an_annotated_tag_resolve_to_their_commit_and_a_full_sha_is_taken_as_is()
    {
        using (var repo = new Repository(gaie.Path))
        {
            repo.ApplyTag("v0.5.1-annotated", repo.Head.Tip.Sha, new Signature("T", "t@e", DateTimeOffset.UnixEpoch), "release");
        }

        foreach (var reference in new[] { "main", "v0.5.1-annotated", gaie.Commit })
        {
            var build = Build(["--target", "BuildEpp", "--gaie-git", gaie.Path, "--gaie-ref", reference]);
            Assert.Contains(new KeyValuePair<string, string>("COMMIT_SHA", gaie.Commit), build.BuildArgs);
            Assert.Contains(new KeyValuePair<string, string>("BUILD_REF", reference), build.BuildArgs);
        }
    }

    [Fact]
    public void BuildEpp_in_a_gaie_dir_builds_in_place_with_the_trees_commit_and_tag_and_copies_the_c_library()
    {
        var lib = Path.Combine(gaie.Root, "libdynamo_llm_capi.a");
        var header = Path.Combine(gaie.Root, "llm_engine.h");
        File.WriteAllText(lib, "lib");
        File.WriteAllText(header, "header");
        var context = TestHost.Context(
        [
            "--target", "BuildEpp", "--gaie-dir", gaie.Path, "--dynamo-capi-lib", lib, "--dynamo-capi-include", header,
            "--epp-tag", "registry.example.com/epp:dyn", "--epp-builder-image", "local/golang:bookworm", "--epp-base-image", "local/debian:bookworm",
            "--build-network", "host", "--build-arg", "GOFLAGS=-mod=mod",
        ]);
        var plugin = $"{gaie.Path}/pkg/epp/scheduling/plugins/dynamo_kv_scorer";
        var lines = TestHost.ShellLines(context);
        Assert.Equal(
            [
                $"mkdir -p -- {plugin}/lib",
                $"cp -- {lib} {plugin}/lib/libdynamo_llm_capi.a",
                $"mkdir -p -- {plugin}/include",
                $"cp -- {header} {plugin}/include/llm_engine.h",
                $"cp -- /repo/container/Dockerfile.epp {gaie.Path}/Dockerfile.dynamo",
            ],
            lines.Take(5));
        var build = (DockerBuildSettings)context.Plan.Steps[^1].Command;
        Assert.Equal(gaie.Path, build.ContextPath);
        Assert.Equal("host", build.Network);
        Assert.Equal(
            [
                new("BUILDER_IMAGE", "local/golang:bookworm"), new("BASE_IMAGE", "local/debian:bookworm"),
                new("COMMIT_SHA", gaie.Commit), new("BUILD_REF", "v0.5.1"), new("GOFLAGS", "-mod=mod"),
            ],
            build.BuildArgs);
        Assert.Equal(["registry.example.com/epp:dyn", "dynamo-epp:latest"], build.Tags);
    }

    [Fact]
    public void The_default_patch_folder_is_container_epp_patches_and_holds_no_patch()
    {
        var facts = TestHost.ReferenceFacts() with { RepoRoot = RepoPaths.Root };
        var context = TestHost.Context(["--target", "BuildEpp", "--gaie-dir", gaie.Path], facts);
        Assert.Equal(Path.Combine(RepoPaths.Container, "epp-patches"), context.ReleaseImages.PatchDirectory);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Container, "epp-patches", "README.md")));
        Assert.DoesNotContain(context.Plan.Steps, s => s.Command is GitApplyCommand);
    }

    [Fact]
    public void Patches_apply_in_name_order()
    {
        File.Copy(gaie.Patch, Path.Combine(gaie.PatchDir, "0000-first.patch"));
        File.WriteAllText(Path.Combine(gaie.PatchDir, "notes.txt"), "not a patch");
        var context = TestHost.Context(["--target", "BuildEpp", "--gaie-dir", gaie.Path, "--epp-patches", gaie.PatchDir]);
        Assert.Equal(["0000-first.patch", "0001-dynamo-scorer.patch"],
            context.Plan.Steps.Select(s => s.Command).OfType<GitApplyCommand>().Select(a => Path.GetFileName(a.Patch)));
    }

    [Fact]
    public void An_earlier_clone_is_removed_first()
    {
        var root = Directory.CreateTempSubdirectory("repo-root-").FullName;
        try
        {
            var facts = TestHost.ReferenceFacts() with { RepoRoot = root };
            var clone = Path.Combine(root, ".build", "epp", $"gaie-{gaie.Commit[..12]}");
            Directory.CreateDirectory(clone);
            var context = TestHost.Context(["--target", "BuildEpp", "--gaie-git", gaie.Path, "--gaie-ref", "v0.5.1"], facts);
            Assert.Equal($"rm -rf -- {clone}", TestHost.ShellLines(context)[0]);
            Assert.True(Directory.Exists(clone), "planning removed nothing");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void BuildFrontend_builds_the_none_dev_image_then_the_epp_then_the_frontend()
    {
        var context = TestHost.Context(["--target", "BuildFrontend", "--gaie-dir", gaie.Path]);
        Assert.Equal(["BuildBaseImage", "BuildDevImage", "BuildEpp", "BuildFrontend"], context.TasksInOrder);
        Assert.Equal([Framework.None], context.Options.Frameworks);
        var builds = context.Plan.Steps.Where(s => s.Command is DockerBuildSettings).ToList();
        Assert.Equal([$"dynamo:{Version}-none", "dynamo:latest-none"], builds[0].Tags);
        Assert.Equal([$"dynamo-epp:{Version}", "dynamo-epp:latest"], builds[1].Tags);

        var frontend = builds[2];
        var settings = (DockerBuildSettings)frontend.Command;
        Assert.Equal([$"dynamo:{Version}-none-frontend", "dynamo:latest-none-frontend"], frontend.Tags);
        Assert.Equal([$"dynamo:{Version}-none", $"dynamo-epp:{Version}"], frontend.Needs);
        Assert.Equal("/repo/container/Dockerfile.frontend", settings.File);
        Assert.Equal("/repo", settings.ContextPath);
        Assert.Null(settings.Target);
        Assert.Equal(
            [new("DYNAMO_BASE_IMAGE", $"dynamo:{Version}-none"), new("EPP_IMAGE", $"dynamo-epp:{Version}"), new("PYTHON_VERSION", "3.12")],
            settings.BuildArgs);
        Assert.Contains(new KeyValuePair<string, string>("org.opencontainers.image.version", Version), settings.Labels);
    }

    [Fact]
    public void The_frontend_with_an_epp_image_skips_BuildEpp_and_needs_only_the_dev_image_locally()
    {
        var context = TestHost.Context(["--target", "BuildFrontend", "--epp-image", "nvcr.io/nvstaging/ai-dynamo/epp:v0.6.0-1", "--python-version", "3.11"]);
        Assert.DoesNotContain(context.Plan.Steps, s => s.Task == "BuildEpp");
        var frontend = context.Plan.Steps.Single(s => s.Task == "BuildFrontend");
        Assert.Equal([$"dynamo:{Version}-none"], frontend.Needs);
        var args = ((DockerBuildSettings)frontend.Command).BuildArgs;
        Assert.Contains(new KeyValuePair<string, string>("EPP_IMAGE", "nvcr.io/nvstaging/ai-dynamo/epp:v0.6.0-1"), args);
        Assert.Contains(new KeyValuePair<string, string>("PYTHON_VERSION", "3.11"), args);
    }

    [Fact]
    public void The_frontend_alone_builds_against_existing_images_and_user_build_args_win()
    {
        var context = TestHost.Context(["--target", "BuildFrontend", "--exclusive", "--build-arg", "RUNTIME_IMAGE=local/debian", "--build-arg", "PYTHON_VERSION=3.11", "--builder", "remote"]);
        var frontend = Assert.Single(context.Plan.Steps);
        var settings = (DockerBuildSettings)frontend.Command;
        Assert.Equal(
            [new("DYNAMO_BASE_IMAGE", $"dynamo:{Version}-none"), new("EPP_IMAGE", $"dynamo-epp:{Version}"), new("RUNTIME_IMAGE", "local/debian"), new("PYTHON_VERSION", "3.11")],
            settings.BuildArgs);
        Assert.Equal(["buildx", "build", "--builder", "remote", "--load"], settings.ToArguments().Take(5).Select(a => a.Value));
    }

    [Fact]
    public void The_frontend_with_several_frameworks_keeps_them_and_uses_none()
    {
        var context = TestHost.Context(["--target", "BuildFrontend", "--framework", "none,vllm", "--epp-image", "e:1"]);
        Assert.Equal([Framework.None, Framework.Vllm], context.Options.Frameworks);
        Assert.Equal(4, context.Plan.Steps.Count);
    }

    private DockerBuildSettings Build(string[] args) => (DockerBuildSettings)TestHost.Context(args).Plan.Steps[^1].Command;

    public void Dispose() => gaie.Dispose();
}
