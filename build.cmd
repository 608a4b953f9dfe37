:; # build.cmd, the bootstrap for cmd.exe: it runs build.ps1 under PowerShell 7 (pwsh) when it is on PATH, else
:; # under Windows PowerShell. Read by a Unix shell ("sh build.cmd"), the next line hands over to build.sh instead.
:; exec "$(dirname "$0")/build.sh" "$@"
@echo off
where pwsh >nul 2>nul
if %errorlevel% equ 0 (
    pwsh -NoLogo -NoProfile -ExecutionPolicy Bypass -File "%~dp0build.ps1" %*
) else (
    powershell -NoLogo -NoProfile -ExecutionPolicy Bypass -File "%~dp0build.ps1" %*
)
exit /b %errorlevel%
