using Build.CommandLine;

namespace Build.Docker;

/// <summary>
/// <c>docker login --username USER --password-stdin SERVER</c>. The password never reaches argv: docker reads it
/// from standard input, which the runner fills from <see cref="PasswordEnvironmentVariable"/>; the dry run prints
/// the equivalent <c>printf '%s' "$VAR" | docker login ...</c>, naming the variable, not its value.
/// </summary>
public sealed record DockerLoginSettings(string Server, string Username, string PasswordEnvironmentVariable) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() =>
        new DockerArgv().Add("login", "--username", Username, "--password-stdin", Server).Items;

    public override string StandardInputFromEnvironment => PasswordEnvironmentVariable;

    public override string ShellLine(string docker) =>
        $"printf '%s' \"${PasswordEnvironmentVariable}\" | {ShellQuoting.CommandLine(docker, ToArguments())}";
}
