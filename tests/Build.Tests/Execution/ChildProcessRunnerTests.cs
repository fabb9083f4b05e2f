using Build.Execution;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.IO.Arguments;

namespace Build.Tests.Execution;

/// <summary>
/// The host's own process runner under Cake's tool layer, with a real child (/bin/sh): the argv arrives word for
/// word, standard input and output work as with Cake's runner, and the log line shows secret arguments as [REDACTED].
/// </summary>
public sealed class ChildProcessRunnerTests
{
    private readonly RecordingLog log = new();
    private readonly ICakeEnvironment environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());

    [Fact]
    public void Arguments_arrive_word_for_word_and_a_secret_one_is_redacted_in_the_log_only()
    {
        var arguments = Arguments(new ExactArgument("-c"), new ExactArgument("printf '%s|' \"$@\""), new ExactArgument("sh"),
            new ExactArgument("a b"), new ExactArgument("c\"d"), new SecretArgument(new ExactArgument("hunter2-secret")));
        using var process = new ChildProcessRunner(environment, log).Start(new FilePath("/bin/sh"), new ProcessSettings
        {
            Arguments = arguments,
            RedirectStandardOutput = true,
        });
        process.WaitForExit();

        Assert.Equal(0, process.GetExitCode());
        Assert.Equal(["a b|c\"d|hunter2-secret|"], process.GetStandardOutput());
        var line = Assert.Single(log.Messages);
        Assert.StartsWith("Executing: \"/bin/sh\" -c ", line, StringComparison.Ordinal);
        Assert.EndsWith("[REDACTED]", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_input_environment_and_exit_code_reach_and_leave_the_child()
    {
        var settings = new ProcessSettings
        {
            Arguments = Arguments(new ExactArgument("-c"), new ExactArgument("read line; echo \"$line/$RUNNER_TEST\" >&2; exit 3")),
            StandardInput = "from stdin\n",
            RedirectStandardError = true,
            EnvironmentVariables = new Dictionary<string, string> { ["RUNNER_TEST"] = "from env" },
            Silent = true,
        };
        using var process = new ChildProcessRunner(environment, log).Start(new FilePath("/bin/sh"), settings);
        process.WaitForExit();

        Assert.Equal(3, process.GetExitCode());
        Assert.Equal(["from stdin/from env"], process.GetStandardError());
        Assert.Empty(log.Messages);
    }

    private static ProcessArgumentBuilder Arguments(params IProcessArgument[] arguments)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var argument in arguments)
        {
            builder.Append(argument);
        }

        return builder;
    }

    private sealed class RecordingLog : ICakeLog
    {
        public List<string> Messages { get; } = [];

        public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

        public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args) =>
            Messages.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
