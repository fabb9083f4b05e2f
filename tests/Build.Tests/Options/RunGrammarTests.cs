using Build.Options;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>docker run's values: ports, users, networks, GPUs, environment, container and runtime names, ulimits.</summary>
public sealed class RunGrammarTests
{
    public static TheoryData<string[], string> RefusedByRunContainer => new()
    {
        { ["--network", "bridge", "--port", "8000"], "--port '8000' must be [IP:]HOST:CONTAINER" },
        { ["--network", "bridge", "--port", "abc:80"], "--port 'abc:80'" },
        { ["--network", "bridge", "--port", "70000:80"], "--port '70000:80': ports must be 1-65535" },
        { ["--network", "bridge", "--port", "0:80"], "--port '0:80': ports must be 1-65535" },
        { ["--network", "bridge", "--port", "8000:0"], "--port '8000:0': ports must be 1-65535" },
        { ["--network", "bridge", "--port", "0-5:80-85"], "--port '0-5:80-85': ports must be 1-65535" },
        { ["--network", "bridge", "--port", "65536:80"], "--port '65536:80': ports must be 1-65535" },
        { ["--network", "bridge", "--port", "9000-8000:80"], "--port '9000-8000:80'" },
        { ["--network", "bridge", "--port", "8000-8010:9000-9001"], "--port '8000-8010:9000-9001': a container port range" },
        { ["--network", "bridge", "--port", "8000:8000/icmp"], "--port '8000:8000/icmp'" },
        { ["--user", "bad user"], "--user 'bad user' is not name|uid[:group|gid]" },
        { ["--user", "1000:"], "--user '1000:'" },
        { ["--user", ":0"], "--user ':0'" },
        { ["--network", "container:"], "--network 'container:' must name the container" },
        { ["--network", "my net"], "--network 'my net'" },
        { ["--gpus", "lots"], "--gpus 'lots'" },
        { ["--env", "=x"], "-e/--env '=x'" },
        { ["--env", "A B=c"], "-e/--env 'A B=c'" },
        { ["--name", "x"], "--name 'x' is not a container name" },
        { ["--name", "bad/name"], "--name 'bad/name'" },
        { ["--runtime", "nv idia"], "--runtime 'nv idia'" },
        { ["--ulimit", "memlock"], "--ulimit 'memlock' must be NAME=SOFT[:HARD]" },
        { ["--ulimit", "bogus=1"], "--ulimit 'bogus=1'" },
    };

    /// <summary>RunContainer's values, read when RunContainer runs.</summary>
    [Theory]
    [MemberData(nameof(RefusedByRunContainer))]
    public void A_run_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => RunTestHost.Context(["--target", "RunContainer", .. args]));
}
