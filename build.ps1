#!/usr/bin/env pwsh
# Bootstrap (PowerShell twin of build.sh): find or install the SDK, build build/_build.csproj when its inputs changed, run it.
[CmdletBinding()]
param([Parameter(ValueFromRemainingArguments = $true)] [string[]] $BuildArguments)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false

$Root = $PSScriptRoot
$Temp = Join-Path $Root '.nuke/temp'
$Project = Join-Path $Root 'build/_build.csproj'
$Artifacts = Join-Path $Temp 'build-artifacts'
$Dll = Join-Path $Artifacts 'bin/_build/release/_build.dll'
$Stamp = Join-Path $Temp 'build.stamp'
$DotnetFile = Join-Path $Temp 'dotnet.path'

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
# The build's root is this folder wherever the script is called from (--root on the command line still wins).
$env:NUKE_ROOT = $Root

function Test-InputsChanged {
    if (-not ((Test-Path $Stamp) -and (Test-Path $Dll) -and (Test-Path $DotnetFile))) { return $true }
    $since = (Get-Item $Stamp).LastWriteTimeUtc
    $build = Get-ChildItem (Join-Path $Root 'build') -Recurse -Force |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)([\\/]|$)' -and $_.LastWriteTimeUtc -gt $since } | Select-Object -First 1
    if ($build) { return $true }
    $top = Get-ChildItem $Root -Force -File | Where-Object { $_.Name -match '^(Directory\..*\.(props|targets)|global\.json)$' -and $_.LastWriteTimeUtc -gt $since } | Select-Object -First 1
    return [bool]$top
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
    & (Get-Content $DotnetFile -Raw).Trim() $Dll @BuildArguments
    exit $LASTEXITCODE
}

New-Item -ItemType Directory -Force $Temp | Out-Null
$dotnet = Find-Dotnet
New-Item -ItemType File -Force "$Stamp.new" | Out-Null
$output = & $dotnet build $Project -c Release --artifacts-path $Artifacts -nologo -v quiet -clp:NoSummary 2>&1
if ($LASTEXITCODE -ne 0) {
    $output | Where-Object { $_ -match 'error' } | Sort-Object -Unique | Write-Host
    Write-Host 'build/_build.csproj failed to compile'
    Remove-Item -Force "$Stamp.new"
    exit 1
}
Set-Content -NoNewline $DotnetFile $dotnet
Move-Item -Force "$Stamp.new" $Stamp
& $dotnet $Dll @BuildArguments
exit $LASTEXITCODE
