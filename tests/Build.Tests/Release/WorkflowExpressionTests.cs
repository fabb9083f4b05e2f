using Build.Tests.Release.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release;

/// <summary>
/// The expression evaluator WorkflowRunTests runs the workflow with, against the rules of GitHub's expression
/// documentation: operands returned by &amp;&amp;/||, case-insensitive string equality, missing properties as null
/// (an unset variable is ''), whole-value expressions keeping their type, and the implicit success() of an if.
/// </summary>
public sealed class WorkflowExpressionTests
{
    private static readonly JObject Contexts = new()
    {
        ["github"] = new JObject { ["ref"] = "refs/tags/v1.2.3" },
        ["vars"] = new JObject(),
        ["env"] = new JObject { ["CACHE_REGISTRY"] = "" },
        ["matrix"] = new JObject { ["arch"] = "arm64", ["entry"] = new JObject { ["framework"] = "vllm" } },
    };

    private static bool Ok(string f) => f is "success" or "always";

    [Theory]
    [InlineData("startsWith(github.ref, 'refs/tags/v') && '[\"amd64\",\"arm64\"]' || '[\"amd64\"]'", "[\"amd64\",\"arm64\"]")]
    [InlineData("startsWith(github.ref, 'refs/heads/') && 'a' || 'b'", "b")]
    [InlineData("matrix.arch == 'ARM64' && 'ubuntu-24.04-arm' || 'ubuntu-24.04'", "ubuntu-24.04-arm")]
    [InlineData("matrix.entry.framework", "vllm")]
    [InlineData("matrix['entry']['framework']", "vllm")]
    [InlineData("vars.CACHE_REGISTRY", "")]
    [InlineData("format('{0}-{1}', matrix.arch, 'x')", "arm64-x")]
    public void Values_are_what_github_gives(string expression, string expected) =>
        Assert.Equal(expected, WorkflowExpression.ToText(WorkflowExpression.Evaluate(expression, Contexts, Ok)));

    [Fact]
    public void A_value_that_is_one_expression_keeps_its_type_and_text_around_expressions_is_text()
    {
        var array = WorkflowExpression.Interpolate("${{ fromJSON('[\"amd64\",\"arm64\"]') }}", Contexts);
        Assert.Equal(JTokenType.Array, array.Type);
        Assert.Equal("base vllm arm64", (string?)WorkflowExpression.Interpolate("base ${{ matrix.entry.framework }} ${{ matrix.arch }}", Contexts));
    }

    [Theory]
    [InlineData("env.CACHE_REGISTRY != '' && env.CACHE_REGISTRY != 'gha'", true, false)]
    [InlineData("env.CACHE_REGISTRY == ''", true, true)]
    [InlineData("env.CACHE_REGISTRY == ''", false, false)]
    [InlineData("always()", false, true)]
    [InlineData("${{ startsWith(github.ref, 'refs/tags/v') }}", true, true)]
    [InlineData(null, false, false)]
    public void Conditions_imply_success_unless_they_name_a_status_function(string? condition, bool succeeded, bool expected) =>
        Assert.Equal(expected, WorkflowExpression.Condition(condition, Contexts, f => f == "always" || (f == "success" && succeeded) || (f == "failure" && !succeeded)));

    [Fact]
    public void What_it_does_not_know_is_an_error_not_a_guess()
    {
        Assert.Throws<InvalidOperationException>(() => WorkflowExpression.Evaluate("hashFiles('x')", Contexts, Ok));
        Assert.Throws<InvalidOperationException>(() => WorkflowExpression.Evaluate("inputs.x", Contexts, Ok));
    }
}
