using System.Runtime.Versioning;

// Workcells are tmux sessions with POSIX run folders (mode 0700, flock): Linux and macOS only.
[assembly: SupportedOSPlatform("linux")]
[assembly: SupportedOSPlatform("macos")]
