#!/usr/bin/env pwsh
# Runs the build host (build/): the PowerShell twin of build.sh, which explains the scheme. Both write and read
# one manifest (.build/host/.bootstrap-manifest: a SHA-256 over the content of the host's sources and the size
# of every published file) and take one lock (.build/host.lock), so switching shells never rebuilds and two calls
# never publish at once. Every bootstrap message goes to stderr.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# The checkout's real path, as build.sh's readlink -f gives it: MSBuild's incremental state in build/obj is kept per
# project path, so a publish through a symbolic link after one through the real path would find it inconsistent.
function Resolve-RealPath([string]$path) {
    $full = [IO.Path]::GetFullPath($path)
    $resolved = [IO.Path]::GetPathRoot($full)
    foreach ($part in $full.Substring($resolved.Length).Split([IO.Path]::DirectorySeparatorChar, [StringSplitOptions]::RemoveEmptyEntries)) {
        $next = Join-Path $resolved $part
        $target = [IO.DirectoryInfo]::new($next).ResolveLinkTarget($true)
        $resolved = ($null -eq $target) ? $next : (Resolve-RealPath $target.FullName)
    }
    $resolved
}

$root = Resolve-RealPath $PSScriptRoot
$buildDir = Join-Path $root '.build'
$out = Join-Path $buildDir 'host'
$manifestName = '.bootstrap-manifest'
$exe = Join-Path $out ($IsWindows ? 'Build.exe' : 'Build')

function Write-Message([string]$text) { [Console]::Error.WriteLine($text) }

function Get-Sha256Hex([byte[]]$bytes) {
    [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
}

function Get-SortedOrdinal([string[]]$items) {
    $sorted = [string[]]@($items)
    [Array]::Sort($sorted, [StringComparer]::Ordinal)
    , $sorted
}

# One line per source ("<sha256>  <path>", paths in byte order), hashed again: what build.sh's sha256sum prints.
function Get-SourcesHash {
    $paths = [Collections.Generic.List[string]]::new()
    foreach ($name in 'Directory.Build.props', 'global.json', 'dotnet-tools.json', 'build.sh', 'build.ps1') {
        if ([IO.File]::Exists((Join-Path $root $name))) { $paths.Add($name) }
    }
    foreach ($file in [IO.Directory]::EnumerateFiles((Join-Path $root 'build'), '*', [IO.SearchOption]::AllDirectories)) {
        $relative = [IO.Path]::GetRelativePath($root, $file).Replace('\', '/')
        if ($relative -notmatch '^build/(bin|obj)/') { $paths.Add($relative) }
    }
    $lines = [Text.StringBuilder]::new()
    foreach ($relative in (Get-SortedOrdinal $paths.ToArray())) {
        $hash = Get-Sha256Hex ([IO.File]::ReadAllBytes((Join-Path $root $relative)))
        [void]$lines.Append("$hash  $relative`n")
    }
    Get-Sha256Hex ([Text.Encoding]::UTF8.GetBytes($lines.ToString()))
}

# "<size> <path>" of every published file but the manifest (wherever it is), in byte order.
function Get-PublishedFiles([string]$dir) {
    $lines = foreach ($file in [IO.Directory]::EnumerateFiles($dir, '*', [IO.SearchOption]::AllDirectories)) {
        $relative = [IO.Path]::GetRelativePath($dir, $file).Replace('\', '/')
        if ([IO.Path]::GetFileName($relative) -ne $manifestName) { "$(([IO.FileInfo]::new($file)).Length) $relative" }
    }
    if ($null -eq $lines) { return '' }
    (Get-SortedOrdinal $lines) -join "`n"
}

function Get-Manifest([string]$dir, [string]$sourcesHash) {
    "host-bootstrap 1`nsources $sourcesHash`n$(Get-PublishedFiles $dir)"
}

# Why the host must be (re)built, or $null when .build/host is complete and built from these sources.
function Get-StaleReason {
    $manifestPath = Join-Path $out $manifestName
    if (-not [IO.Directory]::Exists($out)) { return 'first use' }
    if (-not [IO.File]::Exists($manifestPath)) { return 'the host folder is incomplete' }
    $recorded = [IO.File]::ReadAllText($manifestPath).TrimEnd("`n")
    if (-not $recorded.Contains("`nsources $current`n")) { return 'sources changed' }
    if (-not [IO.File]::Exists($exe) -or $recorded -cne (Get-Manifest $out $current)) { return 'the host folder is incomplete' }
    $null
}

# The lock build.sh takes with flock(1): on Linux and macOS .NET opens a file with FileShare.None under an
# exclusive flock(2), on Windows under an exclusive share mode; a held lock fails the open, so retry.
function Lock-Host {
    [void][IO.Directory]::CreateDirectory($buildDir)
    $lockPath = Join-Path $buildDir 'host.lock'
    $said = $false
    while ($true) {
        try {
            return [IO.File]::Open($lockPath, [IO.FileMode]::OpenOrCreate, [IO.FileAccess]::ReadWrite, [IO.FileShare]::None)
        }
        catch [IO.IOException] {
            if (-not $said) { Write-Message 'Waiting for another call to finish building the build host...'; $said = $true }
            Start-Sleep -Milliseconds 200
        }
    }
}

function Publish-Host {
    $staging = "$out.partial"
    $old = "$out.old"
    if ($null -eq (Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue)) {
        Write-Message 'ERROR: the .NET SDK (dotnet, see global.json) is needed to build the build host'
        exit 1
    }
    if (Test-Path -LiteralPath $staging) { Remove-Item -LiteralPath $staging -Recurse -Force }
    # ReadyToRun: precompiled code starts about a third faster than JIT on every call.
    & dotnet publish (Join-Path $root 'build/Build.csproj') -c Release --use-current-runtime --self-contained false `
        -p:PublishReadyToRun=true -o $staging --nologo -v q '-clp:ErrorsOnly;NoSummary' | ForEach-Object { Write-Message $_ }
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    [IO.File]::WriteAllText((Join-Path $staging $manifestName), "$(Get-Manifest $staging $current)`n")
    if (Test-Path -LiteralPath $old) { Remove-Item -LiteralPath $old -Recurse -Force }
    if (Test-Path -LiteralPath $out) { Move-Item -LiteralPath $out -Destination $old }
    Move-Item -LiteralPath $staging -Destination $out
    if (Test-Path -LiteralPath $old) { Remove-Item -LiteralPath $old -Recurse -Force }
}

$current = Get-SourcesHash
$reason = Get-StaleReason
if ($null -ne $reason) {
    $lock = Lock-Host
    try {
        # Another call may have rebuilt it while this one waited for the lock.
        $reason = Get-StaleReason
        if ($null -ne $reason) {
            Write-Message "Building the build host ($reason)..."
            Publish-Host
        }
    }
    finally {
        $lock.Dispose()
    }
}

& $exe @args
exit $LASTEXITCODE
