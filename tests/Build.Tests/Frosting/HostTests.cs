using System.Text.RegularExpressions;
using Build.Tests.Support;

namespace Build.Tests.Frosting;

public sealed class HostTests
{
    [Fact]
    public void Dotnet_tools_pins_the_same_cake_version_the_host_references()
    {
        var tools = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "dotnet-tools.json")));
        var props = File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var referenced = Regex.Match(props, "<CakeVersion>(.*?)</CakeVersion>").Groups[1].Value;
        Assert.Equal("7.0.0", referenced);
        Assert.Equal(referenced, (string?)tools["tools"]?["cake.tool"]?["version"]);
        Assert.Equal(referenced, typeof(Cake.Core.ICakeContext).Assembly.GetName().Version!.ToString(3));
    }

    [Fact]
    public void Tasks_are_discovered_with_their_names()
    {
        var names = BuildHost.Create().TaskNames;
        Assert.Contains("BuildBaseImage", names);
        Assert.Contains("BuildImage", names);
        Assert.Contains("BuildDevImage", names);
        Assert.Contains("BuildRuntime", names);
        Assert.Contains("BuildLocalDev", names);
        Assert.Contains("Default", names);
    }

    [Fact]
    public void Execution_order_puts_dependencies_first()
    {
        Assert.Equal(["BuildBaseImage", "BuildDevImage", "BuildLocalDev"], BuildHost.Create().ExecutionOrder(["BuildLocalDev"]));
    }
}
