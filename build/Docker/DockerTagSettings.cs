using Build.CommandLine;
namespace Build.Docker;

/// <summary><c>docker tag SOURCE TARGET</c>.</summary>
public sealed record DockerTagSettings(string Source, string Target) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => new DockerArgv().Add("tag", Source, Target).Items;
}
