using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Context;

/// <summary>
/// --context has one declaration whose scope is the tasks that compose images (and CiMatrix, whose Dockerfile names
/// come from the context) plus ShowContext. ShowContext also takes the options that replace a context value (it shows
/// them as the value's origin), and nothing else.
/// </summary>
public sealed class ContextScopeTests
{
    private static string Refusal(params string[] args) =>
        Assert.Throws<UsageException>(() => TestHost.Context(args)).Message;

    [Theory]
    [InlineData("BuildRuntime")]
    [InlineData("BuildLocalDev")]
    [InlineData("CiMatrix")]
    [InlineData("ShowContext")]
    public void The_tasks_that_read_the_context_take_an_overlay(string task)
    {
        var context = TestHost.Context(["--target", task, "--context", "container/context.offline.yaml", "--dry-run"]);
        Assert.Equal(["container/context.offline.yaml"], context.Options.ContextFiles);
    }

    [Fact]
    public void RunContainer_refuses_an_overlay_naming_where_it_belongs()
    {
        Assert.Equal(
            "--context changes the images, versions and sources of image builds: use it with a build task, CiMatrix or ShowContext.",
            Refusal("--target", "RunContainer", "--context", "site.yaml", "--dry-run"));
    }

    [Theory]
    [InlineData("--base-image", "local/debian")]
    [InlineData("--base-image-tag", "bookworm")]
    [InlineData("--build-arg", "RUNTIME_IMAGE=local/debian")]
    [InlineData("--build-network", "host")]
    [InlineData("--tensorrtllm-pip-wheel", "tensorrt-llm==1.0.0")]
    [InlineData("--tensorrtllm-index-url", "http://127.0.0.1:8765/simple")]
    [InlineData("--tensorrtllm-pip-wheel-dir", "/tmp/wheels")]
    [InlineData("--python-version", "3.11")]
    [InlineData("--epp-builder-image", "local/golang:bookworm")]
    [InlineData("--epp-base-image", "local/debian:bookworm")]
    public void ShowContext_takes_the_options_that_replace_a_context_value(string option, string value)
    {
        var context = TestHost.Context(["--target", "ShowContext", option, value]);
        Assert.Contains(Build.Context.ContextReport.Rows(context.Facts.Context, context.Options, context.Release), r => r.Origin.StartsWith(option, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--no-cache", "--no-cache is a build option, but this run builds no image: drop it, or add a build task with --target.")]
    [InlineData("--enable-kvbm", "--enable-kvbm is a build option, but this run builds no image: drop it, or add a build task with --target.")]
    [InlineData("--push-latest", "--push-latest is only used by --target Publish.")]
    public void ShowContext_refuses_options_that_change_no_context_value(string option, string message)
    {
        Assert.Equal(message, Refusal("--target", "ShowContext", option));
    }
}
