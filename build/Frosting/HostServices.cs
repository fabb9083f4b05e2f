using Cake.Core.Packaging;
using Cake.Core.Tooling;

namespace Build.Frosting;

/// <summary>The host installs no tools: docker is found on PATH or named with --docker-path.</summary>
internal sealed class NoToolInstaller : IToolInstaller
{
    public IEnumerable<Cake.Core.IO.FilePath> Install(PackageReference tool) =>
        throw new NotSupportedException($"Installing tools is not supported by this host ({tool.OriginalString}).");
}

internal sealed class EmptyServiceProvider : IServiceProvider
{
    public object? GetService(Type serviceType) => null;
}
