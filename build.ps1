#!/usr/bin/env pwsh
# Bootstrap (PowerShell twin of build.sh): find or install the SDK, build build/_build.csproj when its inputs changed,
# run it.
[CmdletBinding()]
param([Parameter(ValueFromRemainingArguments = $true)] [string[]] $BuildArguments)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false

$Root = $PSScriptRoot
$Temp = Join-Path $Root '.nuke/temp'
$Project = Join-Path $Root 'build/_build.csproj'
$Artifacts = Join-Path $Temp 'build-artifacts'
$Published = Join-Path $Artifacts 'publish/_build'
$Dll = Join-Path $Published '_build.dll'
$InputsHash = Join-Path $Temp 'build.inputs.sha256'
$DotnetFile = Join-Path $Temp 'dotnet.path'

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
# Tiered PGO instruments methods for a later re-JIT that a short build run never reaches; it only costs start-up.
if (-not $env:DOTNET_TieredPGO) { $env:DOTNET_TieredPGO = '0' }
# The build's root is this folder wherever the script is called from (--root on the command line still wins).
$env:NUKE_ROOT = $Root

# What decides a rebuild is the content of the inputs (everything under build/ minus bin/obj, the shared props and
# targets, global.json): sha256 of the "<sha256>  <path from the root>" lines in byte order of the paths, as build.sh
# computes it, so either script takes the fast path after the other built.
function Get-InputsHash {
    $files = @(Get-ChildItem (Join-Path $Root 'build') -Recurse -File -Force |
        Where-Object { $_.FullName.Substring($Root.Length) -notmatch '[\\/](bin|obj)[\\/]' })
    $files += @(Get-ChildItem $Root -File -Force |
        Where-Object { $_.Name -match '^(Directory\..*\.(props|targets)|global\.json)$' })
    $lines = $files | ForEach-Object {
        $relative = $_.FullName.Substring($Root.Length).TrimStart('\', '/').Replace('\', '/')
        $hash = (Get-FileHash -Algorithm SHA256 $_.FullName).Hash.ToLowerInvariant()
        [pscustomobject]@{ Path = $relative; Hash = $hash }
    }
    $sorted = [System.Linq.Enumerable]::OrderBy([object[]]$lines, [Func[object, string]] { $args[0].Path },
        [StringComparer]::Ordinal)
    $text = -join ($sorted | ForEach-Object { "$($_.Hash)  $($_.Path)`n" })
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($text)
    return [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
}

function Test-InputsChanged {
    if (-not ((Test-Path $InputsHash) -and (Test-Path $Dll) -and (Test-Path $DotnetFile))) { return $true }
    return (Get-InputsHash) -ne (Get-Content $InputsHash -Raw).Trim()
}

function Get-RequiredSdk {
    $globalJson = Join-Path $Root 'global.json'
    if (-not (Test-Path $globalJson)) { return $null }
    return (Get-Content $globalJson -Raw | ConvertFrom-Json).sdk.version
}

function Test-SdkSatisfies([string] $Have, [string] $Want) {
    if (-not $Want) { return $true }
    $h = [version]($Have -replace '-.*$', ''); $w = [version]($Want -replace '-.*$', '')
    return $h.Major -eq $w.Major -and $h.Minor -eq $w.Minor -and $h -ge $w
}

function Find-Dotnet {
    $want = Get-RequiredSdk
    $onPath = Get-Command dotnet -ErrorAction SilentlyContinue
    if ($onPath) {
        foreach ($line in (& $onPath.Source --list-sdks 2>$null)) {
            if (Test-SdkSatisfies ($line -split ' ')[0] $want) { return $onPath.Source }
        }
    }
    $dir = Join-Path $Temp 'dotnet-sdk'
    $exe = Join-Path $dir ($(if ($IsWindows) { 'dotnet.exe' } else { 'dotnet' }))
    if (-not (Test-Path $exe)) {
        Write-Host "No dotnet SDK satisfying $want on PATH; installing into $dir"
        New-Item -ItemType Directory -Force $Temp | Out-Null
        $script = Join-Path $Temp 'dotnet-install.ps1'
        Invoke-WebRequest 'https://dot.net/v1/dotnet-install.ps1' -OutFile $script
        $installArgs = @{ InstallDir = $dir; NoPath = $true }
        if ($want) { $installArgs.Version = $want }
        & $script @installArgs
    }
    return $exe
}

if (-not (Test-InputsChanged)) {
    $dotnet = (Get-Content $DotnetFile -Raw).Trim()
    # A .nuke/temp restored from a CI cache may name a dotnet this machine does not have: it is found again, and the
    # build it compiled still serves (the same inputs, the same runtime).
    if (-not (Test-Path -LiteralPath $dotnet -PathType Leaf)) {
        $dotnet = Find-Dotnet
        Set-Content -LiteralPath $DotnetFile -Value $dotnet -NoNewline
    }
    & $dotnet $Dll @BuildArguments
    exit $LASTEXITCODE
}

New-Item -ItemType Directory -Force $Temp | Out-Null
$dotnet = Find-Dotnet
# Hash taken before the build, so edits made during it trigger the next rebuild.
$hash = Get-InputsHash
# ReadyToRun for this machine's runtime, as build.sh compiles: the build's own code is compiled ahead, so a run starts
# without JIT-compiling the engine; where the packs it needs cannot be restored (offline), the same build without it.
function Invoke-Compile([string[]] $Extra) {
    $out = & $dotnet publish $Project -c Release --artifacts-path $Artifacts -o $Published -nologo -v quiet `
        -clp:NoSummary @Extra 2>&1
    return [pscustomobject]@{ Ok = ($LASTEXITCODE -eq 0); Output = $out }
}
$compiled = Invoke-Compile @('--use-current-runtime', '--self-contained', 'false', '-p:PublishReadyToRun=true')
if (-not $compiled.Ok -and ($compiled.Output -match 'NU1101|NU1102|NU1301|NETSDK1094|NETSDK1095')) {
    $compiled = Invoke-Compile @()
}
$output = $compiled.Output
if (-not $compiled.Ok) {
    $output | Where-Object { $_ -match 'error' } | Sort-Object -Unique | Write-Host
    Write-Host 'build/_build.csproj failed to compile'
    Remove-Item -Force -ErrorAction SilentlyContinue $InputsHash
    exit 1
}
Set-Content -LiteralPath $DotnetFile -Value $dotnet -NoNewline
Set-Content -LiteralPath $InputsHash -Value $hash
& $dotnet $Dll @BuildArguments
exit $LASTEXITCODE
