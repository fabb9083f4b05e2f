using Build;
using Build.Execution;
using Build.Frosting;

return new CakeHost<BuildContext>(BuildContext.OptionSpecs, BuildContext.Create)
    .AddAssembly(typeof(BuildContext).Assembly)
    .UseLifetime(new BuildLifetime())
    .BeforeRun(DryRun.PrintOrContinue)
    .UseHelp(writer => writer.WriteLine("Usage: ./build.sh [--target TASK]... [options]   (container/build.sh and container/run.sh take the original scripts' options)"))
    .Run(args);
