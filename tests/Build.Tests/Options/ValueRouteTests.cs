using Build.Context;
using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>
/// One check per kind of value, wherever the value enters: the --build-arg rules hold for a context overlay's
/// build_args, --bake-set TARGET.args.KEY and --build-flag=--build-arg; an overlay value meets the command line's
/// control-character and URL-credential rules; a credential typed in the wrong place is never printed back.
/// </summary>
public sealed class ValueRouteTests
{
    private const string Secret = "s3cr3t-Th4t-mUst-n0t-leak";

    public static TheoryData<string[], string> SecretRoutes => new()
    {
        { ["--bake-set", $"*.args.HF_TOKEN={Secret}"], "--bake-set *.args HF_TOKEN=...: a secret value on the command line is refused" },
        { ["--bake-set", $"dynamo-base.args.PIP_INDEX_URL=https://u:{Secret}@pypi.example.com/simple"], "--bake-set holds a URL with a password or token in it" },
        { [$"--build-flag=--build-arg=HF_TOKEN={Secret}"], "--build-flag=--build-arg HF_TOKEN=...: a secret value on the command line is refused" },
        { [$"--build-flag=--build-arg=MY_API_KEY={Secret}"], "--build-flag=--build-arg MY_API_KEY=...: a secret value" },
        { ["--cache-from", $"type=s3,region=us-east-1,bucket=b,secret_access_key={Secret}"], "--cache-from secret_access_key=...: a secret value on the command line is refused" },
        { ["--cache-to", $"type=s3,region=us-east-1,bucket=b,session_token={Secret}"], "--cache-to session_token=...: a secret value" },
    };

    [Theory]
    [MemberData(nameof(SecretRoutes))]
    public void A_secret_is_refused_through_every_pass_through_route_without_its_value(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pass_through_routes_take_the_same_use_sccache_rule_as_build_arg()
    {
        var flag = Assert.Throws<UsageException>(() => TestHost.Context(["--build-flag=--build-arg=USE_SCCACHE=yes"]));
        Assert.Equal("--build-flag=--build-arg USE_SCCACHE='yes' must be true or false (--use-sccache sets it).", flag.Message);
        var set = Assert.Throws<UsageException>(() => TestHost.Context(["--bake-set", "*.args.USE_SCCACHE=yes"]));
        Assert.Equal("--bake-set *.args USE_SCCACHE='yes' must be true or false (--use-sccache sets it).", set.Message);
    }

    /// <summary>Build flags go with one docker build after another, bake overrides with bake (PlanValidation.CheckPassThrough).</summary>
    [Theory]
    [InlineData("sequential", "--build-flag=--build-arg=TOKENIZER=x")]
    [InlineData("sequential", "--build-flag=--build-arg=HF_TOKEN")]
    [InlineData("sequential", "--build-flag=--ssh=default")]
    [InlineData("bake", "--bake-set=*.args.TOKENIZER=x")]
    [InlineData("bake", "--bake-set=*.shm-size=2g")]
    public void Ordinary_pass_through_values_pass(string executor, string word)
    {
        var facts = TestHost.ReferenceFacts() with { Buildx = new Build.Facts.BuildxFacts("0.29.1", null) };
        var value = word[(word.IndexOf('=', StringComparison.Ordinal) + 1)..];
        var lines = string.Join('\n', TestHost.ShellLines(TestHost.Context(["--executor", executor, word, "--dry-run"], facts)));
        Assert.Contains(Build.CommandLine.ShellQuoting.Quote(value), lines, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlay_build_arg_holding_a_secret_is_refused_naming_file_line_and_key()
    {
        var error = Assert.Throws<UsageException>(() => Overlay($"frameworks:\n  vllm:\n    build_args:\n      HF_TOKEN: {Secret}\n"));
        Assert.Equal(
            "site.yaml:4: frameworks.vllm.build_args HF_TOKEN=...: a secret value on the command line is refused (argv, logs and the image's history keep it); export HF_TOKEN instead: the suite passes it to the build as a BuildKit secret (--secret id=HF_TOKEN,env=HF_TOKEN), never as a build arg.",
            error.Message);
    }

    [Fact]
    public void An_overlay_url_with_a_password_is_refused_without_it()
    {
        var error = Assert.Throws<UsageException>(() => Overlay($"sources:\n  pip_index_url: https://bob:{Secret}@pypi.example.com/simple\n"));
        Assert.StartsWith("site.yaml:2: sources.pip_index_url holds a URL with a password or token in it (the value is not shown)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\0", "0000")]
    [InlineData("\\t", "0009")]
    [InlineData("\\e", "001B")]
    public void An_overlay_value_with_a_control_character_is_refused(string escape, string code)
    {
        var error = Assert.Throws<UsageException>(() => Overlay($"sources:\n  pip_index_url: \"https://pypi.example.com/simple{escape}x\"\n"));
        Assert.Equal($"site.yaml:2: sources.pip_index_url has a control character (U+{code}) in its value: no option takes one.", error.Message);
    }

    public static TheoryData<string[], string> CredentialsInTheWrongPlace => new()
    {
        { ["--target", "Publish", "--allow-dirty", "--registry", $"bob:{Secret}@registry.example.com/team"], "--registry 'bob:***@registry.example.com/team' must be HOST[:PORT][/NAMESPACE]" },
        { ["--cache-registry", $"bob:{Secret}@registry.example.com/team"], "--cache-registry 'bob:***@registry.example.com/team' is not HOST[:PORT]/NAMESPACE or gha" },
        { ["--cache-from", $"type=registry,ref=bob:{Secret}@registry.example.com/c:1"], "--cache-from ref 'bob:***@registry.example.com/c:1' is not an image reference" },
        { ["--cache-from", $"bob:{Secret}@registry.example.com/c:1"], "--cache-from 'bob:***@registry.example.com/c:1' is not an image reference" },
        { ["--tag", $"bob:{Secret}@registry.example.com/x:1"], "--tag 'bob:***@registry.example.com/x:1' is not an image reference" },
    };

    [Theory]
    [MemberData(nameof(CredentialsInTheWrongPlace))]
    public void A_credential_in_the_wrong_place_is_refused_with_the_secret_part_replaced(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context(args));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://u:pw@h/x", "pw")]
    [InlineData("u:pw@h/x", "pw")]
    [InlineData("ref=u:p@ss@h/x", "p@ss")]
    [InlineData("https://ghp_abc@github.com/x", "ghp_abc")]
    [InlineData("nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null)]
    [InlineData("git@github.com:org/repo.git", null)]
    [InlineData("https://user@h/x", null)]
    public void The_secret_part_of_a_value_is_its_password_or_token(string value, string? secret) =>
        Assert.Equal(secret is null ? [] : [secret], SecretValues.SecretParts(value));

    [Fact]
    public void A_docker_path_naming_a_directory_says_so_before_anything_runs()
    {
        var directory = Directory.CreateTempSubdirectory("docker-path-").FullName;
        try
        {
            var error = Assert.Throws<UsageException>(() => TestHost.Context(["--docker-path", directory, "--dry-run"]));
            Assert.Equal($"--docker-path '{directory}' is a directory: name the docker client itself, e.g. /usr/bin/docker.", error.Message);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    private static ContainerContext Overlay(string text) =>
        ContextParser.Parse(("container/context.yaml", File.ReadAllText(Path.Combine(RepoPaths.Container, "context.yaml"))), [("site.yaml", text)]);
}
