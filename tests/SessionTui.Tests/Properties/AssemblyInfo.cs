using System.Runtime.Versioning;

// Like the app they test, the tests run on Linux and macOS only.
[assembly: SupportedOSPlatform("linux")]
[assembly: SupportedOSPlatform("macos")]
