using Build.Docker;

namespace Build.Tests.Docker;

/// <summary>Golden argv of the docker commands Publish runs (docker tag and image inspect are in DockerSettingsTests).</summary>
public sealed class ReleaseDockerSettingsTests
{
    private static string[] Argv(DockerCommand command) => command.ToArguments().Select(a => a.Value).ToArray();

    [Fact]
    public void Push() => Assert.Equal(["push", "127.0.0.1:5000/team/dynamo:v1-vllm"], Argv(new DockerPushSettings("127.0.0.1:5000/team/dynamo:v1-vllm")));

    [Fact]
    public void Push_quietly() => Assert.Equal(["push", "--quiet", "r.example.com/d:1"], Argv(new DockerPushSettings("r.example.com/d:1", Quiet: true)));

    [Fact]
    public void Login_reads_the_password_from_standard_input_never_from_argv()
    {
        var login = new DockerLoginSettings("registry.example.com:5000", "bob", "DOCKER_REGISTRY_PASSWORD");
        Assert.Equal(["login", "--username", "bob", "--password-stdin", "registry.example.com:5000"], Argv(login));
        Assert.Equal("DOCKER_REGISTRY_PASSWORD", login.StandardInputFromEnvironment);
        Assert.DoesNotContain(login.ToArguments(), a => a.Value.StartsWith("--password", StringComparison.Ordinal) && a.Value != "--password-stdin");
    }

    [Fact]
    public void Login_renders_as_a_pasteable_pipe_that_names_the_variable()
    {
        var login = new DockerLoginSettings("127.0.0.1:5000", "bob smith", "PW");
        Assert.Equal("printf '%s' \"$PW\" | docker login --username 'bob smith' --password-stdin 127.0.0.1:5000", login.ShellLine("docker"));
    }

    [Fact]
    public void Other_commands_read_nothing_from_the_environment()
    {
        Assert.Null(new DockerPushSettings("a:1").StandardInputFromEnvironment);
        Assert.Null(new DockerTagSettings("a:1", "b:1").StandardInputFromEnvironment);
    }
}
