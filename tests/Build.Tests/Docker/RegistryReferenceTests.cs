using Build.Docker;
using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Docker;

/// <summary>HOST[:PORT][/NAMESPACE], parsed once for --registry and --cache-registry, each with its own wording.</summary>
public sealed class RegistryReferenceTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["--cache-registry", "docker.io"], "--cache-registry 'docker.io' is not HOST[:PORT]/NAMESPACE or gha: the NAMESPACE after the host must be lowercase path components" },
        { ["--cache-registry", "team/cache"], "--cache-registry 'team/cache' is not HOST[:PORT]/NAMESPACE or gha: the registry host must be one docker recognises" },
        { ["--cache-registry", "r.example.com/Team"], "--cache-registry 'r.example.com/Team' is not HOST[:PORT]/NAMESPACE or gha" },
        { ["--target", "Publish", "--registry", "myregistry", "--dry-run"], "--registry 'myregistry' must be HOST[:PORT][/NAMESPACE]" },
        { ["--target", "Publish", "--registry", "localhost:5000/Team", "--dry-run"], "--registry 'localhost:5000/Team': the namespace" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_bad_registry_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => TestHost.Context(args));

    [Theory]
    [InlineData("registry.example.com", "registry.example.com", null, null)]
    [InlineData("127.0.0.1:5000/team/ci", "127.0.0.1:5000", "team/ci", null)]
    [InlineData("localhost/a.b_c-d", "localhost", "a.b_c-d", null)]
    [InlineData("myregistry", "myregistry", null, RegistryProblem.Host)]
    [InlineData("team/cache", "team", "cache", RegistryProblem.Host)]
    [InlineData("host_name.io/x", "host_name.io", "x", RegistryProblem.Host)]
    [InlineData("r.example.com/Team", "r.example.com", "Team", RegistryProblem.Namespace)]
    [InlineData("r.example.com/", "r.example.com", "", RegistryProblem.Namespace)]
    [InlineData("r.example.com/team/", "r.example.com", "team/", RegistryProblem.Namespace)]
    public void A_registry_reference_is_a_host_docker_recognises_and_lowercase_path_components(string value, string host, string? ns, RegistryProblem? problem)
    {
        var reference = RegistryReference.Split(value);
        Assert.Equal(new RegistryReference(host, ns), reference);
        Assert.Equal(problem, reference.Problem);
    }

    /// <summary>Publish's --registry drops the namespace's trailing '/' (a cache namespace keeps it, and is refused).</summary>
    [Fact]
    public void A_publish_registry_drops_the_trailing_slash_of_its_namespace()
    {
        Assert.Equal(new RegistryTarget("r.example.com", "team"), RegistryTarget.Parse("r.example.com/team/"));
        Assert.Equal("--registry 'r.example.com/': the namespace '' must be lowercase path components (a-z, 0-9, '.', '_', '-').", Assert.Throws<UsageException>(() => RegistryTarget.Parse("r.example.com/")).Message);
        Assert.Null(CacheRegistry.TryParse("r.example.com/team/", out _));
    }
}
