using Build.Facts;
using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Facts;

/// <summary>The loader reads container/context.yaml and the overlays from disk on every call (nothing embedded).</summary>
public sealed class ContextLoaderTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("context-loader-").FullName;

    [Fact]
    public void The_context_is_read_from_disk_at_run_time_not_embedded()
    {
        Assert.DoesNotContain(typeof(BuildContext).Assembly.GetManifestResourceNames(), n => n.Contains("context", StringComparison.OrdinalIgnoreCase));

        var root = Path.Combine(temp, "repo");
        Directory.CreateDirectory(Path.Combine(root, "container"));
        var file = Path.Combine(root, "container", "context.yaml");
        File.Copy(Path.Combine(RepoPaths.Container, "context.yaml"), file);
        Assert.Equal("0.5.1", ContextLoader.Load(root, [], root).Nixl.Ref);
        File.WriteAllText(file, File.ReadAllText(file).Replace("  ref: 0.5.1", "  ref: 0.6.0", StringComparison.Ordinal));
        Assert.Equal("0.6.0", ContextLoader.Load(root, [], root).Nixl.Ref);
    }

    [Fact]
    public void A_missing_overlay_is_one_error_naming_it()
    {
        var error = Assert.Throws<UsageException>(() => ContextLoader.Load(RepoPaths.Root, ["no-such.yaml"], temp));
        Assert.Equal("--context 'no-such.yaml': no such file.", error.Message);
    }

    [Fact]
    public void A_root_without_the_defaults_file_is_one_error_naming_it()
    {
        Directory.CreateDirectory(Path.Combine(temp, "container"));
        var error = Assert.Throws<UsageException>(() => ContextLoader.Load(temp, [], temp));
        Assert.Equal($"container/context.yaml: missing in the repository root '{temp}' (it holds every default image and version).", error.Message);
    }

    public void Dispose() => Directory.Delete(temp, recursive: true);
}
