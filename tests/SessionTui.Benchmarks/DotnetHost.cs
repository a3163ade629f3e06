namespace SessionTui.Benchmarks;

/// <summary>Where the <c>dotnet</c> host is, to run the wall as <c>dotnet sessiontui.dll</c> with the same runtime.</summary>
internal static class DotnetHost
{
    /// <summary>The host: <c>$DOTNET_HOST_PATH</c> (set by the SDK), else <c>dotnet</c> on <c>PATH</c>, else
    /// <c>$DOTNET_ROOT/dotnet</c>, else plain <c>dotnet</c>.</summary>
    public static string Path { get; } = Find();

    /// <summary>sessiontui.dll beside this program (the project reference copies the app into the output).</summary>
    public static string AppDll => System.IO.Path.Join(AppContext.BaseDirectory, "sessiontui.dll");

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Join(dir, "dotnet"))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return root is { Length: > 0 } && File.Exists(System.IO.Path.Join(root, "dotnet")) ? System.IO.Path.Join(root, "dotnet") : "dotnet";
    }
}
