using Build.CommandLine;

namespace Build.Docker;

/// <summary>Collects argv elements; each settings class maps its own flags with it, in one place.</summary>
public sealed class DockerArgv
{
    private readonly List<CommandArgument> items = [];

    public IReadOnlyList<CommandArgument> Items => items;

    public DockerArgv Add(params string[] words)
    {
        items.AddRange(words.Select(w => new CommandArgument(w)));
        return this;
    }

    public DockerArgv Flag(string flag, bool on) => on ? Add(flag) : this;

    public DockerArgv Option(string flag, string? value) => value is null ? this : Add(flag, value);

    public DockerArgv Each(string flag, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Add(flag, value);
        }

        return this;
    }

    public DockerArgv Secret(string flag, string value)
    {
        items.Add(new CommandArgument(flag));
        items.Add(new CommandArgument(value, IsSecret: true));
        return this;
    }
}

/// <summary>A docker CLI invocation with typed settings (the role Cake.Docker's settings classes play); its argv is the one after the docker executable.</summary>
public abstract record DockerCommand : ArgvCommand
{
    /// <summary>The environment variable whose value is the docker process's standard input (docker login --password-stdin); the value is never in argv or a log.</summary>
    public virtual string? StandardInputFromEnvironment => null;

    /// <summary>Text the docker process reads on its standard input (a bake definition, <c>--file -</c>); null: none.</summary>
    public virtual string? StandardInputText => null;
}
