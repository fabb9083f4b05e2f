using Newtonsoft.Json.Linq;
using Build.Tests.Support;

namespace Build.Tests.DevContainer;

/// <summary>
/// The Dev Container configurations mount with docker's long form (source=...,target=...,type=bind), which holds a
/// workspace path with a ':' (the -v short form would split it, as RunContainer's --mount for such paths avoids).
/// </summary>
public sealed class DevContainerMountTests
{
    [Theory]
    [InlineData(".devcontainer/devcontainer.json")]
    [InlineData(".devcontainer/gpu/devcontainer.json")]
    public void Every_mount_is_the_long_form(string file)
    {
        var json = JObject.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, file)), new JsonLoadSettings { CommentHandling = CommentHandling.Ignore });
        var mounts = new[] { (string)json["workspaceMount"]! }.Concat(((JArray)json["mounts"]!).Select(m => (string)m!)).ToList();
        Assert.NotEmpty(mounts);
        Assert.All(mounts, m => Assert.Matches("^source=[^,]+,target=/[^,:]*,type=bind$", m));
        Assert.DoesNotContain(((JArray)json["runArgs"]!).Select(a => (string)a!), a => a.StartsWith("-v", StringComparison.Ordinal) || a.StartsWith("--volume", StringComparison.Ordinal));
    }
}
