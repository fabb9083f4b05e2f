using Build.Docker;
using Build.Planning;

namespace Build.Tests.Docker;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("dynamo", "dynamo", null)]
    [InlineData("dynamo:latest-vllm", "dynamo", "latest-vllm")]
    [InlineData("myrepo/dyn", "myrepo/dyn", null)]
    [InlineData("localhost:5000/team/img", "localhost:5000/team/img", null)]
    [InlineData("localhost:5000/team/img:1.0", "localhost:5000/team/img", "1.0")]
    [InlineData("nvcr.io/nvidia/cuda-dl-base:25.01-cuda12.8-devel-ubuntu24.04", "nvcr.io/nvidia/cuda-dl-base", "25.01-cuda12.8-devel-ubuntu24.04")]
    [InlineData("v0.1.0.dev.08cc44965-vllm-local-dev", "v0.1.0.dev.08cc44965-vllm-local-dev", null)]
    public void Parses_repository_and_tag(string text, string repository, string? tag)
    {
        Assert.True(ImageReference.TryParse(text, out var reference, out var why), why);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(text, reference.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("img:")]
    [InlineData("img:-dash")]
    [InlineData("a b")]
    [InlineData("img@sha256:short")]
    [InlineData("/leading")]
    [InlineData("trailing/")]
    public void Rejects_what_docker_rejects(string text) => Assert.False(ImageReference.TryParse(text, out _, out _));

    [Fact]
    public void Digests_parse_and_are_kept()
    {
        var digest = "sha256:" + new string('a', 64);
        Assert.True(ImageReference.TryParse($"reg.io/img@{digest}", out var reference, out _));
        Assert.Equal(digest, reference.Digest);
    }

    [Theory]
    [InlineData("dynamo:latest-vllm", "dynamo:latest-vllm-local-dev")]
    [InlineData("myrepo/dyn", "myrepo/dyn:latest-local-dev")]
    [InlineData("localhost:5000/team/img", "localhost:5000/team/img:latest-local-dev")]
    [InlineData("localhost:5000/team/img:v1", "localhost:5000/team/img:v1-local-dev")]
    public void Local_dev_names_stay_in_the_same_repository(string image, string localDev) =>
        Assert.Equal(localDev, ImageNames.LocalDevOf(image));
}
