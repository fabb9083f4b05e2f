#!/usr/bin/env pwsh
# Runs the build host (build/): compiled on first use into .build/host, started directly afterwards,
# rebuilt whenever a fingerprint of its sources (paths, sizes, times) changes.
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$out = Join-Path $root '.build/host'
$stamp = Join-Path $out '.source-fingerprint'
$exe = Join-Path $out ($IsWindows ? 'Build.exe' : 'Build')

$files = @(Get-ChildItem -Path (Join-Path $root 'build') -Recurse -File |
    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }) +
    @(Get-Item (Join-Path $root 'Directory.Build.props'), (Join-Path $root 'global.json'), (Join-Path $root 'dotnet-tools.json'))
$current = ($files | Sort-Object FullName | ForEach-Object { "$($_.FullName) $($_.Length) $($_.LastWriteTimeUtc.Ticks)" }) -join "`n"
$current = [System.BitConverter]::ToString([System.Security.Cryptography.SHA256]::Create().ComputeHash([System.Text.Encoding]::UTF8.GetBytes($current)))

if (-not (Test-Path $exe) -or -not (Test-Path $stamp) -or (Get-Content $stamp -Raw) -ne $current) {
    Write-Host 'Building the build host (first use or sources changed)...'
    Remove-Item $stamp -ErrorAction SilentlyContinue
    dotnet publish (Join-Path $root 'build/Build.csproj') -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o $out --nologo -v q '-clp:ErrorsOnly;NoSummary'
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    Set-Content -Path $stamp -Value $current -NoNewline
}

& $exe @args
exit $LASTEXITCODE
