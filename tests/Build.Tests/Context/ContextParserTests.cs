using Build.Context;
using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Context;

/// <summary>Bad context files: one line naming the file, the line and the key.</summary>
public sealed class ContextParserTests
{
    private static readonly string Defaults = File.ReadAllText(Path.Combine(RepoPaths.Container, "context.yaml"));

    private static string Replace(string old, string replacement)
    {
        Assert.Contains(old, Defaults, StringComparison.Ordinal);
        return Defaults.Replace(old, replacement, StringComparison.Ordinal);
    }

    private static int LineOf(string text, string fragment) =>
        text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(fragment, StringComparison.Ordinal)).i + 1;

    public static TheoryData<string, string, string> BadDefaults() => new()
    {
        // unknown key
        { "  ref: 0.5.1", "  ref: 0.5.1\n  reff: 0.5.1", "container/context.yaml:{reff: 0.5.1}: unknown key 'nixl.reff' (known here: ref, ucx_ref, ucx_efa_ref)." },
        { "epp:\n", "epp:\n  builder: x\n", "container/context.yaml:{builder: x}: unknown key 'epp.builder' (known here: builder_image, base_image)." },
        { "  vllm:\n", "  vlm:\n    dockerfile: Dockerfile\n  vllm:\n", "container/context.yaml:{vlm:}: unknown key 'frameworks.vlm' (known here: none, vllm, sglang, trtllm)." },

        // wrong type
        { "  ref: 0.5.1", "  ref:\n    - 0.5.1", "container/context.yaml:{- 0.5.1}: nixl.ref must be a single value, not a list." },
        { "nixl:\n", "nixl: 0.5.1\nnixl_old:\n", "container/context.yaml:{nixl: 0.5.1}: nixl must be a mapping (keys under it), not a single value." },

        // missing value
        { "  ref: 0.5.1", "  ref:", "container/context.yaml:{ref:}: nixl.ref has no value (write \"\" for an empty one)." },
        { "  package_version: 1.6.1\n", "", "container/context.yaml:{dynamo:}: dynamo.package_version is missing." },

        // invalid image reference, tag, version, URL, choice
        { "base_image: nvcr.io/nvidia/pytorch", "base_image: nvcr.io/NVIDIA/py torch", "container/context.yaml:{NVIDIA}: frameworks.trtllm.base_image: 'nvcr.io/NVIDIA/py torch' is not an image repository: 'nvcr.io/NVIDIA/py torch' is not a valid repository name (lowercase letters, digits and separators '.', '_', '__', '-', '/')." },
        { "base_image: nvcr.io/nvidia/pytorch", "base_image: nvcr.io/nvidia/pytorch:25.06-py3", "container/context.yaml:{pytorch:25.06}: frameworks.trtllm.base_image: 'nvcr.io/nvidia/pytorch:25.06-py3' is not an image repository without tag or digest (the tag is its own key)." },
        { "builder_image: golang:1.24", "builder_image: golang:1.24@sha256:abc", "container/context.yaml:{golang:1.24@}: epp.builder_image: 'golang:1.24@sha256:abc' is not an image reference: 'sha256:abc' is not a digest (algorithm:hex)." },
        { "  ref: 0.5.1", "  ref: latest-ish", "container/context.yaml:{latest-ish}: nixl.ref: 'latest-ish' is not a version (e.g. 0.5.1 or v1.19.0) or a 40-digit commit." },
        { "experimental_commit: 0c9430e5a530ba958fc9dca561a3ad865ad9f492", "experimental_commit: 0C9430E5A530BA958FC9DCA561A3AD865AD9F492", "container/context.yaml:{0C9430E5}: trtllm.experimental_commit: '0C9430E5A530BA958FC9DCA561A3AD865AD9F492' is not a 40-digit hexadecimal commit." },
        { "package_version: 1.6.1", "package_version: one.six", "container/context.yaml:{one.six}: dynamo.package_version: 'one.six' is not a version (e.g. 1.6.1 or v2.10.28)." },
        { "pip_index_url: https://pypi.org/simple", "pip_index_url: pypi.org/simple", "container/context.yaml:{pypi.org/simple}: sources.pip_index_url: 'pypi.org/simple' is not an http(s) URL." },
        { "  rust: rustup", "  rust: curl", "container/context.yaml:{rust: curl}: sources.rust: 'curl' is not rustup or apt." },
        { "python_version: \"3.12\"", "python_version: 3.12.1", "container/context.yaml:{3.12.1}: frontend.python_version: '3.12.1' is not a Python version X.Y (e.g. 3.12)." },

        // syntax
        { "  ref: 0.5.1", "  ref: [0.5.1", "container/context.yaml:{[0.5.1}: not valid YAML:" },
        { "  ucx_ref: v1.19.0", "  ucx_ref: v1.19.0\n  ucx_ref: v1.18.0", "container/context.yaml:{v1.18.0}: not valid YAML:" },
    };

    [Theory]
    [MemberData(nameof(BadDefaults))]
    public void A_bad_defaults_file_is_one_error_with_file_line_and_key(string old, string replacement, string expected)
    {
        var text = Replace(old, replacement);

        // {fragment} in the expected text stands for the line number of the first line holding it.
        var open = expected.IndexOf('{', StringComparison.Ordinal);
        var close = expected.IndexOf('}', StringComparison.Ordinal);
        var line = LineOf(text, expected[(open + 1)..close]);
        expected = expected[..open] + line + expected[(close + 1)..];

        var error = Assert.Throws<UsageException>(() => ContextParser.Parse(("container/context.yaml", text), []));
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlay_error_names_the_overlay()
    {
        var error = Assert.Throws<UsageException>(() => ContextParser.Parse(("container/context.yaml", Defaults), [("site.yaml", "# site\nepp:\n  base_image: Ubuntu\n")]));
        Assert.Equal("site.yaml:3: epp.base_image: 'Ubuntu' is not an image reference: 'Ubuntu' is not a valid repository name (lowercase letters, digits and separators '.', '_', '__', '-', '/').", error.Message);
    }

    [Fact]
    public void An_overlay_needs_no_key_but_a_runtime_image_needs_its_tag()
    {
        Assert.Equal("0.5.1", ContextParser.Parse(("container/context.yaml", Defaults), [("empty.yaml", "# nothing\n")])["nixl.ref"]);
        var error = Assert.Throws<UsageException>(() => ContextParser.Parse(("container/context.yaml", Defaults), [("s.yaml", "frameworks:\n  sglang:\n    runtime_image: local/debian\n")]));
        Assert.Equal("s.yaml:3: frameworks.sglang.runtime_image needs frameworks.sglang.runtime_image_tag too.", error.Message);
    }

    [Fact]
    public void Later_files_win_and_origins_say_where()
    {
        var context = ContextParser.Parse(
            ("container/context.yaml", Defaults),
            [("a.yaml", "nixl:\n  ref: 0.6.0\n"), ("b.yaml", "\nnixl:\n  ref: 0.6.1\nframeworks:\n  vllm:\n    build_args:\n      FOO: bar\n")]);

        Assert.Equal("0.6.1", context.Nixl.Ref);
        Assert.Equal(new ContextOrigin("b.yaml", 3, true), context.Get("nixl.ref")!.Origin);
        Assert.Equal(new ContextOrigin("container/context.yaml", LineOf(Defaults, "ucx_ref:"), false), context.Get("nixl.ucx_ref")!.Origin);
        Assert.Equal([new("FOO", "bar")], context.Of(Framework.Vllm).BuildArgs);
        Assert.Equal(["container/context.yaml", "a.yaml", "b.yaml"], context.Files);
    }
}
