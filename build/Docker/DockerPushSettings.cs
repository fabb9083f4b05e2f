using Build.CommandLine;
namespace Build.Docker;

/// <summary><c>docker push [--quiet] REF</c>.</summary>
public sealed record DockerPushSettings(string Image, bool Quiet = false) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => new DockerArgv().Add("push").Flag("--quiet", Quiet).Add(Image).Items;
}
