using System.Text.RegularExpressions;

namespace Build.Options;

/// <summary>
/// Values that look like secrets are refused on the command line (docs/decisions.md §4.3): a build arg whose name
/// says token, password or secret, and a URL with a password or a token in it. Argv is visible to every process on
/// the machine, lands in logs, the dry run and, for build args, the image's history. The error names the option and
/// the key, tells the alternative, and never repeats the value.
/// </summary>
public static partial class SecretValues
{
    /// <summary>Tokens the suite itself passes as BuildKit secrets when they are exported (docs/decisions.md §2.2).</summary>
    private static readonly string[] SuiteTokens = ["GITHUB_TOKEN", "GITLAB_TOKEN", "HF_TOKEN"];

    /// <summary>--build-arg KEY=VALUE: a secret-looking KEY with a value, or a VALUE holding a URL with credentials.</summary>
    public static void CheckBuildArg(string option, string key, string value)
    {
        if (value.Length > 0 && SecretKey().IsMatch(key))
        {
            var instead = SuiteTokens.Contains(key, StringComparer.Ordinal)
                ? $"export {key} instead: the suite passes it to the build as a BuildKit secret (--secret id={key},env={key}), never as a build arg"
                : $"export {key} and pass it as a BuildKit secret instead: --secret id={key},env={key} (the Dockerfile reads it with RUN --mount=type=secret,id={key})";
            throw new UsageException($"{option} {key}=...: a secret value on the command line is refused (argv, logs and the image's history keep it); {instead}.");
        }

        CheckUrls($"{option} {key}=...", value);
    }

    /// <summary>
    /// A cache spec's KEY=VALUE (--cache-from/--cache-to type=s3,...): a secret-looking KEY (secret_access_key,
    /// session_token) with a value is refused; BuildKit reads those from the environment (AWS_SECRET_ACCESS_KEY, ...).
    /// </summary>
    public static void CheckCacheField(string option, string key, string value)
    {
        if (value.Length > 0 && SecretKey().IsMatch(key))
        {
            throw new UsageException($"{option} {key}=...: a secret value on the command line is refused (argv and logs keep it); leave it out: BuildKit reads the cache's credentials from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN).");
        }
    }

    /// <summary>Any option's value: a URL with a password, or with a known token as its user, is refused.</summary>
    public static void CheckUrls(string option, string value)
    {
        foreach (Match url in UrlWithUser().Matches(value))
        {
            var user = url.Groups["user"].Value;
            if (user.Contains(':') || TokenUser().IsMatch(user))
            {
                throw new UsageException(
                    $"{option} holds a URL with a password or token in it (the value is not shown): secrets never go on the command line; "
                    + "use the URL without credentials and let a credential helper, a netrc file or a BuildKit secret (--secret id=ID,env=VAR) supply them.");
            }
        }
    }

    /// <summary>
    /// The parts of a value that are secret: the password of each USER:PASSWORD@ (with or without a scheme, e.g. in
    /// --registry, a cache spec's ref= or a URL), and a token used as a URL's user (ghp_..., hf_...).
    /// </summary>
    public static IReadOnlyList<string> SecretParts(string value)
    {
        var parts = new List<string>();
        foreach (Match credential in Credential().Matches(value))
        {
            var password = credential.Groups["password"];
            if (password.Success && password.Length > 0)
            {
                parts.Add(password.Value);
            }
            else if (TokenUser().IsMatch(credential.Groups["user"].Value))
            {
                parts.Add(credential.Groups["user"].Value);
            }
        }

        return parts;
    }

    /// <summary><paramref name="text"/> (a message about <paramref name="value"/>) with each secret part of the value replaced by ***.</summary>
    public static string Masked(string text, string value) =>
        SecretParts(value).OrderByDescending(p => p.Length).Aggregate(text, (masked, secret) => masked.Replace(secret, "***", StringComparison.Ordinal));

    /// <summary>*_TOKEN, TOKEN, *PASSWORD*, *PASSWD*, *SECRET* (AWS_SECRET_ACCESS_KEY), *API_KEY, *PRIVATE_KEY, any case.</summary>
    [GeneratedRegex("^(?i:(.*_)?TOKEN|.*PASSW(OR)?D.*|.*SECRET.*|(.*_)?API_?KEY|(.*_)?PRIVATE_KEY)$")]
    private static partial Regex SecretKey();

    /// <summary>scheme://USERINFO@ with the user information captured.</summary>
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.-]*://(?<user>[^/@\s]+)@")]
    private static partial Regex UrlWithUser();

    /// <summary>
    /// [SCHEME://]USER[:PASSWORD]@ at the start of a value or after a separator (',', '=', whitespace, quote); not the
    /// '@' of a digest (NAME:TAG@sha256:...).
    /// </summary>
    [GeneratedRegex(@"(?<![^\s,=;'""])(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?<user>[^\s/@:,=]*)(?::(?<password>[^\s/,]*))?@(?![a-z0-9]+:[0-9a-fA-F]{32,})")]
    private static partial Regex Credential();

    /// <summary>Token prefixes of GitHub, GitLab and Hugging Face used as a URL's user name.</summary>
    [GeneratedRegex("^(ghp_|gho_|ghs_|ghu_|github_pat_|glpat-|hf_)")]
    private static partial Regex TokenUser();
}
