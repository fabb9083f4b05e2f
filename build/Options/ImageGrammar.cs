using Build.Docker;

namespace Build.Options;

/// <summary>Image references and their parts as options name them: references, repositories, tags, repository prefixes.</summary>
public static class ImageGrammar
{
    /// <summary>An image reference, parsed by the distribution grammar; digests only where a pinned image makes sense.</summary>
    public static ImageReference Reference(string option, string value, bool allowDigest = false)
    {
        if (!ImageReference.TryParse(value, out var reference, out var why))
        {
            throw new UsageException($"{option} '{value}' is not an image reference: {why}.");
        }

        if (reference.Digest is not null && !allowDigest)
        {
            throw new UsageException($"{option} '{value}' has a digest: give a name with an optional tag, e.g. my/img:tag.");
        }

        return reference;
    }

    /// <summary>An image repository without a tag (FROM's name part), e.g. nvcr.io/nvidia/cuda-dl-base.</summary>
    public static string Repository(string option, string value)
    {
        var reference = Reference(option, value);
        return reference.Tag is null
            ? value
            : throw new UsageException($"{option} '{value}' has a tag: give the repository only (the tag goes in its own option, e.g. --base-image-tag).");
    }

    /// <summary>A docker tag alone.</summary>
    public static string Tag(string option, string value) =>
        ImageReference.IsTag(value)
            ? value
            : throw new UsageException($"{option} '{value}' is not a docker tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-').");

    /// <summary>A repository prefix (--image-namespace): NS/dynamo-base:tag must be an image reference, lower case.</summary>
    public static string ImageNamespace(string option, string value) =>
        !value.EndsWith('/') && !value.Any(char.IsUpper)
            && ImageReference.TryParse($"{value}/dynamo-base:t", out var reference, out _) && reference.Repository == $"{value}/dynamo-base"
            ? value
            : throw new UsageException($"{option} '{value}' is not a repository prefix: lower-case path components separated by '/', e.g. team or localhost:5000/team.");
}
