using Build.CommandLine;
namespace Build.Docker;

/// <summary><c>docker image inspect [--format F] REF...</c>.</summary>
public sealed record DockerImageInspectSettings(IReadOnlyList<string> Images, string? Format = null) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() =>
        new DockerArgv().Add("image", "inspect").Option("--format", Format).Add([.. Images]).Items;
}
