using Build.CommandLine;
namespace Build.Docker;

/// <summary><c>docker tag SOURCE TARGET</c>.</summary>
public sealed record DockerTagSettings(string Source, string Target) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => new DockerArgv().Add("tag", Source, Target).Items;
}

/// <summary><c>docker image rm IMAGE</c>: removes a tag; the image goes only when no other tag or container holds it.</summary>
public sealed record DockerImageRemoveSettings(string Image) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => new DockerArgv().Add("image", "rm", Image).Items;
}
