using System.Text.RegularExpressions;

namespace Build.Options;

/// <summary>Where build caches live: BuildKit cache specs (--cache-from, --cache-to) and sccache's S3 bucket and region.</summary>
public static partial class CacheGrammar
{
    /// <summary>An image reference, or type=TYPE[,KEY=VALUE...] with no secret in it and each ref= an image reference.</summary>
    public static string CacheSpec(string option, string value)
    {
        if (!value.Contains('='))
        {
            ImageGrammar.Reference(option, value);
            return value;
        }

        var fields = value.Split(',').Select(f => f.Split('=', 2)).ToList();
        var bad = fields.FirstOrDefault(f => f.Length != 2 || !CacheKeyPattern().IsMatch(f[0]) || f[1].Length == 0);
        if (bad is not null || !fields.Any(f => f[0] == "type"))
        {
            throw new UsageException($"{option} '{value}' must be an image reference or type=TYPE[,KEY=VALUE...], e.g. type=registry,ref=registry.example.com/cache:vllm.");
        }

        foreach (var field in fields)
        {
            SecretValues.CheckCacheField(option, field[0], field[1]);
        }

        foreach (var reference in fields.Where(f => f[0] == "ref"))
        {
            ImageGrammar.Reference($"{option} ref", reference[1]);
        }

        return value;
    }

    /// <summary>A cache backend's key: BuildKit's are lower case with '-' or '_' (ignore-error, endpoint_url, upload_parallelism).</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9_-]*\z")]
    private static partial Regex CacheKeyPattern();

    /// <summary>
    /// An S3 bucket name as sccache hands it to S3 or an S3-compatible store: today's rules (lowercase, '.', '-'), and
    /// the legacy us-east-1 names (up to 255 characters, upper case and '_').
    /// </summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}\z")]
    public static partial Regex BucketPattern();

    /// <summary>
    /// A region as sccache passes it to the S3 client: an AWS region (us-west-2, us-gov-west-1), Cloudflare R2's auto,
    /// or an S3-compatible store's own name (garage, minio-local).
    /// </summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\z")]
    public static partial Regex RegionPattern();
}
