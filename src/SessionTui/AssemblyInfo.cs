using System.Runtime.Versioning;

// The wall drives a POSIX terminal and tmux: it runs on Linux and macOS only.
[assembly: SupportedOSPlatform("linux")]
[assembly: SupportedOSPlatform("macos")]
