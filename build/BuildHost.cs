using Build.Frosting;

namespace Build;

/// <summary>The configured host: every task of this assembly, the lifetime, and the dry-run hook.</summary>
public static class BuildHost
{
    public static CakeHost<BuildContext> Create(Func<HostRun<BuildContext>, BuildContext>? createContext = null) =>
        new CakeHost<BuildContext>(BuildContext.OptionSpecs, createContext ?? BuildSetup.Create)
            .AddAssembly(typeof(BuildContext).Assembly)
            .UseLifetime(new BuildLifetime())
            .BeforeRun(BuildLifetime.BeforeRun)
            .RewriteTaskTable((context, table) => Execution.TaskTable.WithBake(table, context.Report.Bake))

            // A real RunContainer: the process's standard output is the container's (docker inherits it).
            .WriteHostOutputToStandardErrorWhen(context => context.ContainerRun is not null)

            // A real RunContainer prints the docker run line and the container's output, nothing else unless asked (docs/decisions.md §5.3).
            .QuietCakeOutputWhen(context => context.ContainerRun is not null && context.Host.Verbosity < Cake.Core.Diagnostics.Verbosity.Verbose)
            .UseUsage("Usage: ./build.sh [--target TASK]... [options]   (container/build.sh and container/run.sh take the original scripts' options)");
}
