using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>BuildKit cache specs as --cache-from and --cache-to take them, and sccache's S3 bucket and region.</summary>
public sealed class CacheGrammarTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["--cache-from", "a=b"], "--cache-from 'a=b' must be an image reference or type=TYPE[,KEY=VALUE...]" },
        { ["--cache-to", "type=registry,ref=Bad Ref"], "--cache-to ref 'Bad Ref' is not an image reference" },
        { ["--use-sccache", "--sccache-bucket", "bad/bucket", "--sccache-region", "us-west-2"], "--sccache-bucket 'bad/bucket' is not a bucket name (1-255 letters, digits, '.', '-', '_', starting with a letter or digit)." },
        { ["--use-sccache", "--sccache-bucket", ".b", "--sccache-region", "us-west-2"], "--sccache-bucket '.b' is not a bucket name" },
        { ["--use-sccache", "--sccache-bucket", "b", "--sccache-region", "us west"], "--sccache-region 'us west' is not a region name such as us-west-2 or auto (letters, digits, '-', '_')." },
        { ["--use-sccache", "--sccache-bucket", "b", "--sccache-region", "https://s3.example.com"], "--sccache-region 'https://s3.example.com' is not a region name" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => TestHost.Context(args));

    /// <summary>sccache takes S3's legacy bucket names and any region its S3 client takes (R2's auto, an S3-compatible store's own).</summary>
    [Theory]
    [InlineData("my-bucket", "us-west-2")]
    [InlineData("Legacy_Bucket.Name", "us-east-1")]
    [InlineData("r2-cache", "auto")]
    [InlineData("cache", "garage")]
    [InlineData("cache", "us-gov-west-1")]
    public void Sccache_buckets_and_regions_sccache_takes_pass(string bucket, string region)
    {
        var lines = string.Join('\n', TestHost.ShellLines(TestHost.Context(["--use-sccache", "--sccache-bucket", bucket, "--sccache-region", region, "--executor", "sequential", "--dry-run"])));
        Assert.Contains($"--build-arg SCCACHE_BUCKET={bucket} --build-arg SCCACHE_REGION={region} ", lines, StringComparison.Ordinal);
    }

    /// <summary>BuildKit's cache backends have keys with '_' (s3: endpoint_url, use_path_style; gha: url_v2): the original passed --cache-from through.</summary>
    [Theory]
    [InlineData("type=s3,region=us-east-1,bucket=cache,endpoint_url=http://127.0.0.1:9000,use_path_style=true")]
    [InlineData("type=s3,region=auto,bucket=cache,name=vllm,blobs_prefix=b/,manifests_prefix=m/,upload_parallelism=8")]
    [InlineData("type=azblob,account_url=https://acct.blob.core.windows.net,name=vllm")]
    [InlineData("type=registry,ref=registry.example.com/cache:vllm,ignore-error=true")]
    public void Cache_specs_with_the_keys_buildkit_takes_pass(string spec)
    {
        var context = TestHost.Context(["--executor", "sequential", "--cache-from", spec, "--dry-run"]);
        Assert.Contains($"--cache-from {Build.CommandLine.ShellQuoting.Quote(spec)}", string.Join('\n', TestHost.ShellLines(context)), StringComparison.Ordinal);
    }
}
