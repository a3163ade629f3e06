using System.Runtime.Versioning;

// Like the app it measures, the benchmark runs on Linux and macOS only.
[assembly: SupportedOSPlatform("linux")]
[assembly: SupportedOSPlatform("macos")]
