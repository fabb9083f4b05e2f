namespace Build.Options;

/// <summary>
/// The options a task uses, by their <see cref="OptionScope"/>: a run accepts an option when one of its tasks does, and
/// refuses it otherwise (<see cref="RunScopes"/>). A task without this attribute uses only the options every run accepts.
/// </summary>
/// <param name="scope">The scopes of the options the task uses.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AcceptsOptionsAttribute(OptionScope scope) : Attribute
{
    public OptionScope Scope { get; } = scope;

    /// <summary>The option that skips the task (BuildEpp: --epp-image); when it is given, the task uses none of its own options.</summary>
    public string? SkippedBy { get; set; }

    /// <summary>The scopes a run of these tasks has: theirs, and trtllm's when one of them builds an image of that framework.</summary>
    /// <param name="tasks">The task classes of the run.</param>
    public static RunScopes ScopesOf(IEnumerable<Type> tasks, ParsedArguments args, BuildOptions options)
    {
        var active = OptionScope.Everywhere;
        var skipped = false;
        foreach (var task in tasks)
        {
            if (Attribute.GetCustomAttribute(task, typeof(AcceptsOptionsAttribute)) is not AcceptsOptionsAttribute accepts)
            {
                continue;
            }

            if (accepts.SkippedBy is { } option && args.Has(option))
            {
                skipped = true;
                continue;
            }

            active |= accepts.Scope;
        }

        if ((active & OptionScope.ImageBuild) != 0 && options.Frameworks.Contains(Framework.Trtllm))
        {
            active |= OptionScope.Trtllm;
        }

        return new RunScopes(active, string.Join(",", options.Frameworks), skipped);
    }
}
