using Build.Tests.Support;

namespace Build.Tests.Release.Support;

/// <summary>
/// What an offline EPP build needs here: the Docker engine, the local Debian base and the local Go builder image made
/// from it with Debian's golang-go. .ci/run makes both (tools/make-base-image.sh, tools/make-go-builder-image.sh); the
/// tests only check for them and fail naming the tool, so the engine's image list is the same before and after them.
/// </summary>
public sealed class EppInputs
{
    public const string BuilderImage = "local/golang:bookworm";
    public const string BaseImage = "local/debian:bookworm";

    public EppInputs()
    {
        DockerCli.RequireImage(BaseImage, "tools/make-base-image.sh");
        DockerCli.RequireImage(BuilderImage, "tools/make-go-builder-image.sh");
    }

    /// <summary>The host options that build Dockerfile.epp from local images (apt in the runtime stage needs --build-network host).</summary>
    /// <remarks>
    /// Without the provenance attestation, a second build of the same inputs is the same image (same id): the tests that
    /// build twice leave no untagged image behind (docs/decisions.md §6.3).
    /// </remarks>
    public static string[] HostArgs => ["--epp-builder-image", BuilderImage, "--epp-base-image", BaseImage, "--build-network", "host", "--provenance", "off"];

    /// <summary>./build.sh with these arguments from the repository root; Cake's colour codes removed from the output.</summary>
    public static Run.Result Host(params string[] args) => Host(null, args);

    public static Run.Result Host(IDictionary<string, string?>? environment, params string[] args)
    {
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), args, RepoPaths.Root, environment, timeoutSeconds: 1800);
        return result with { Output = Plain(result.Output), Error = Plain(result.Error) };
    }

    public static string Plain(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\x1b\\[[0-9;]*m", string.Empty);
}
