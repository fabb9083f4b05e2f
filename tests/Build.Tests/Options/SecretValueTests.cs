using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>
/// Values that look like secrets are refused on the command line with one line that names the option and the key,
/// tells the alternative, and never repeats the value (docs/decisions.md §4.3).
/// </summary>
[Trait("Category", "Process")]
public sealed class SecretValueTests : IClassFixture<WarmHost>
{
    private const string Value = "v4lue-Th4t-mUst-n0t-leak";

    /// <summary>Command lines (the secret-looking value is <see cref="Value"/>) and the text the error must contain.</summary>
    public static TheoryData<string[], string> Refused => new()
    {
        { ["--build-arg", $"GITHUB_TOKEN={Value}"], "--build-arg GITHUB_TOKEN=...: a secret value on the command line is refused (argv, logs and the image's history keep it); export GITHUB_TOKEN instead: the suite passes it to the build as a BuildKit secret (--secret id=GITHUB_TOKEN,env=GITHUB_TOKEN), never as a build arg." },
        { ["--build-arg", $"AWS_SECRET_ACCESS_KEY={Value}"], "--build-arg AWS_SECRET_ACCESS_KEY=...: a secret value on the command line is refused (argv, logs and the image's history keep it); export AWS_SECRET_ACCESS_KEY and pass it as a BuildKit secret instead: --secret id=AWS_SECRET_ACCESS_KEY,env=AWS_SECRET_ACCESS_KEY" },
        { ["--build-arg", $"NPM_TOKEN={Value}"], "--build-arg NPM_TOKEN=...: a secret value" },
        { ["--build-arg", $"db_password={Value}"], "--build-arg db_password=...: a secret value" },
        { ["--build-arg", $"MY_SECRET_THING={Value}"], "--build-arg MY_SECRET_THING=...: a secret value" },
        { ["--build-arg", $"OPENAI_API_KEY={Value}"], "--build-arg OPENAI_API_KEY=...: a secret value" },
        { ["--build-arg", $"PIP_INDEX_URL=https://bob:{Value}@pypi.example.com/simple"], "--build-arg PIP_INDEX_URL=... holds a URL with a password or token in it (the value is not shown)" },
        { ["--build-arg", $"SOURCES=see git+https://ghp_{Value}@github.com/x/y.git"], "--build-arg SOURCES=... holds a URL with a password or token" },
        { ["--target", "BuildImage", "--framework", "trtllm", "--tensorrtllm-index-url", $"https://user:{Value}@pypi.example.com/simple"], "--tensorrtllm-index-url holds a URL with a password or token" },
        { ["--target", "BuildEpp", "--gaie-git", $"https://user:{Value}@github.com/x/gaie.git", "--gaie-ref", "main"], "--gaie-git" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_secret_looking_value_is_refused_with_the_alternative_and_without_the_value(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>Names that only resemble the rule, and secret names without a value (an empty build arg), pass.</summary>
    [Theory]
    [InlineData("TOKENIZER_MODEL=Qwen/Qwen3-0.6B")]
    [InlineData("GITHUB_TOKEN_FILE=/run/secrets/gh")]
    [InlineData("HF_TOKEN=")]
    [InlineData("PIP_INDEX_URL=https://pypi.example.com/simple")]
    [InlineData("SOURCE_URL=https://git@github.com/x/y.git")]
    public void Ordinary_build_args_pass(string buildArg)
    {
        var context = TestHost.Context(["--dry-run", "--build-arg", buildArg]);
        Assert.Contains(buildArg, string.Join('\n', TestHost.ShellLines(context)), StringComparison.Ordinal);
    }

    [Fact]
    public void Through_the_real_host_the_refusal_is_one_error_line_exit_2_and_no_value_in_any_output()
    {
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--dry-run", "--build-arg", $"GITHUB_TOKEN={Value}"], RepoPaths.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["ERROR: --build-arg GITHUB_TOKEN=...: a secret value on the command line is refused (argv, logs and the image's history keep it); export GITHUB_TOKEN instead: the suite passes it to the build as a BuildKit secret (--secret id=GITHUB_TOKEN,env=GITHUB_TOKEN), never as a build arg."], result.ErrorLines);
        Assert.Equal(string.Empty, result.Output);
        Assert.DoesNotContain(Value, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Through_container_build_sh_the_refusal_names_the_option_as_typed()
    {
        var result = Run.Process(Path.Combine(RepoPaths.Container, "build.sh"), ["--dry-run", "--build-arg", $"PIP_INDEX_URL=https://u:{Value}@h/simple"], RepoPaths.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ERROR: --build-arg PIP_INDEX_URL=... holds a URL with a password or token in it (the value is not shown)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, result.Output + result.Error, StringComparison.Ordinal);
    }
}
