using System.Runtime.Versioning;

// The wall drives a POSIX terminal and tmux: it runs on Linux and macOS only.
[assembly: SupportedOSPlatform("linux")]
[assembly: SupportedOSPlatform("macos")]

// The unit tests drive the app's effect runner, UI scheduler and Terminal.Gui adapter directly.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("SessionTui.Tests")]
