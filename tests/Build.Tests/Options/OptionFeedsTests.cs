using System.Reflection;
using Build.Docker;
using Build.Options;
using Build.Planning;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>An option that feeds a build setting (<see cref="OptionAttribute.Feeds"/>) names a described setting of its type, and every image build takes its value.</summary>
public sealed class OptionFeedsTests
{
    [Fact]
    public void Each_fed_setting_is_described_and_takes_the_options_type()
    {
        var feeding = typeof(BuildOptions).GetProperties().Where(p => p.GetCustomAttribute<OptionAttribute>()?.Feeds is not null).ToList();
        Assert.Equal(9, feeding.Count);
        foreach (var option in feeding)
        {
            var setting = BuildSetting.Named(option.GetCustomAttribute<OptionAttribute>()!.Feeds!);
            var type = setting.Property.PropertyType;
            Assert.True(type.IsAssignableFrom(option.PropertyType), $"{option.Name} ({option.PropertyType}) cannot feed {setting.Name} ({type})");
        }
    }

    [Fact]
    public void Every_image_build_takes_the_fed_values()
    {
        var context = TestHost.Context(["--target", "BuildLocalDev", "--framework", "vllm", "--platform", "linux/arm64", "--no-cache", "--cache-from", "type=local,src=/tmp/c",
            "--cache-to", "type=local,dest=/tmp/c", "--provenance", "off", "--sbom", "on", "--build-flag=--shm-size=2g", "--executor", "sequential"]);
        var builds = context.Plan.Steps.Select(s => s.Command).OfType<DockerBuildSettings>().ToList();
        Assert.Equal(3, builds.Count);
        Assert.All(builds, b => Assert.Equal(
            ("linux/arm64", true, "type=local,src=/tmp/c", "type=local,dest=/tmp/c", false, true, "--shm-size=2g"),
            (b.Platform, b.NoCache, b.CacheFrom.Single(), b.CacheTo.Single(), b.Provenance, b.Sbom, b.ExtraFlags.Single())));
    }
}
