using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>Build args, named contexts, secrets, and the forms of the pass-through options.</summary>
public sealed class BuildArgGrammarTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["--build-arg", "NOVALUE"], "--build-arg 'NOVALUE' must be KEY=VALUE" },
        { ["--build-arg", "1BAD=x"], "--build-arg '1BAD=x'" },
        { ["--build-arg", "USE_SCCACHE=1"], "--build-arg USE_SCCACHE='1' must be true or false (--use-sccache sets it)." },
        { ["--build-context", "/data"], "--build-context '/data' must be NAME=PATH" },
        { ["--secret", "HF_TOKEN"], "--secret 'HF_TOKEN'" },
        { ["--secret", "id=x,value=hunter2"], "--secret" },
        { ["--build-flag", "shm-size=1g"], "--build-flag 'shm-size=1g' must be one docker build flag as one word" },
        { ["--build-flag=--Bad"], "--build-flag '--Bad' must be one docker build flag" },
        { ["--bake-set", "platform=linux/arm64"], "--bake-set 'platform=linux/arm64' must be TARGET.KEY=VALUE" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => TestHost.Context(args));
}
