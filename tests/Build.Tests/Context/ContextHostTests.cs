using Build.Tests.Support;

namespace Build.Tests.Context;

/// <summary>Through the real host: --context is read on every call, and a bad file stops before any docker command.</summary>
[Trait("Category", "Process")]
public sealed class ContextHostTests : IClassFixture<WarmHost>, IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("context-host-").FullName;

    /// <summary>The README's offline recipe as options (README.md, "Build locally without a registry").</summary>
    private static readonly string[] OfflineLongForm =
    [
        "--base-image", "local/debian", "--base-image-tag", "bookworm", "--build-network", "host",
        "--build-arg", "RUNTIME_IMAGE=local/debian", "--build-arg", "RUNTIME_IMAGE_TAG=bookworm",
        "--build-arg", "NATS_ETCD_SOURCE=apt", "--build-arg", "RUST_SOURCE=apt",
        "--build-arg", "PIP_INDEX_URL=http://127.0.0.1:8765/simple",
    ];

    private static Run.Result DryRun(params string[] args) =>
        Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--framework", "none", "--target", "BuildRuntime", "--dry-run", "--executor", "sequential", .. args], RepoPaths.Root);

    [Fact]
    public void An_edited_overlay_takes_effect_on_the_next_call()
    {
        var site = Path.Combine(temp, "site.yaml");
        File.WriteAllText(site, "sources:\n  pip_index_url: https://one.example/simple\n");
        var first = DryRun("--context", site);
        File.WriteAllText(site, "sources:\n  pip_index_url: https://two.example/simple\n");
        var second = DryRun("--context", site);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("--build-arg PIP_INDEX_URL=https://one.example/simple ", first.Output, StringComparison.Ordinal);
        Assert.Contains("--build-arg PIP_INDEX_URL=https://two.example/simple ", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_overlay_is_one_error_line_with_exit_2_and_no_docker_command()
    {
        var site = Path.Combine(temp, "bad.yaml");
        File.WriteAllText(site, "# site\nnixl:\n  ref: not a version\n");
        var result = DryRun("--context", site);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"ERROR: {site}:3: nixl.ref: 'not a version' is not a version (e.g. 0.5.1 or v1.19.0) or a 40-digit commit.\n", result.Error);
        Assert.DoesNotContain("docker", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_offline_overlay_and_the_long_form_print_the_same_dry_run_for_none()
    {
        var overlay = DryRun("--context", "container/context.offline.yaml");
        var longForm = DryRun(OfflineLongForm);

        Assert.True(overlay.ExitCode == 0, overlay.Error);
        Assert.Contains("--network host", overlay.Output, StringComparison.Ordinal);
        Assert.Equal(longForm.Output, overlay.Output);
    }

    /// <summary>
    /// container/build.sh forwards --context (not one of build.sh's options in docs/decisions.md §1.1; the front door takes the suite's own
    /// build options too): a path relative to the caller's directory, the same commands as the long form.
    /// </summary>
    [Fact]
    public void The_front_door_takes_the_overlay_relative_to_the_callers_directory()
    {
        var frontDoor = Path.Combine(RepoPaths.Container, "build.sh");
        string[] frontDoorArgs = ["--framework", "none", "--target", "runtime", "--dry-run", "--executor", "sequential"];
        var overlay = Run.Process(frontDoor, [.. frontDoorArgs, "--context", "context.offline.yaml"], RepoPaths.Container);
        var longForm = Run.Process(frontDoor, [.. frontDoorArgs, .. OfflineLongForm], RepoPaths.Container);

        Assert.True(overlay.ExitCode == 0, overlay.Error);
        Assert.Contains("--build-arg PIP_INDEX_URL=http://127.0.0.1:8765/simple ", overlay.Output, StringComparison.Ordinal);
        Assert.Equal(longForm.Output, overlay.Output);
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);
}
