namespace Build.Planning;

/// <summary>
/// The org.opencontainers.image.source label: only ever a remote URL without credentials (docs/decisions.md §5.4).
/// User information (user:password, tokens), query and fragment are dropped; scp-like <c>git@host:org/repo.git</c>
/// and <c>ssh://</c> remotes become their https form; local paths and file URLs give no label.
/// </summary>
public static class OciSource
{
    public static string? FromRemote(string? remote)
    {
        if (string.IsNullOrWhiteSpace(remote) || remote.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return null;
        }

        if (Uri.TryCreate(remote, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ssh" or "git" && uri.Host.Length > 0)
        {
            // An ssh port is not the https port: the https form names the host alone.
            var https = uri.Scheme is "ssh" or "git";
            var builder = new UriBuilder(uri)
            {
                Scheme = https ? "https" : uri.Scheme,
                Port = https || uri.IsDefaultPort ? -1 : uri.Port,
                UserName = string.Empty,
                Password = string.Empty,
                Query = string.Empty,
                Fragment = string.Empty,
            };
            return builder.Uri.AbsoluteUri;
        }

        if (uri is not null)
        {
            // file:, a drive letter, any other scheme: not a remote to link to.
            return null;
        }

        // scp-like: [user@]host:path (not a Windows drive letter, not a path).
        var colon = remote.IndexOf(':');
        var slash = remote.IndexOf('/');
        if (colon > 1 && (slash < 0 || slash > colon) && !remote.StartsWith('/') && !remote.StartsWith('.'))
        {
            var host = remote[..colon];
            host = host[(host.LastIndexOf('@') + 1)..];
            var path = remote[(colon + 1)..].TrimStart('/');
            return host.Length > 0 && path.Length > 0 && Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4
                ? FromRemote($"https://{host}/{path}")
                : null;
        }

        return null;
    }
}
