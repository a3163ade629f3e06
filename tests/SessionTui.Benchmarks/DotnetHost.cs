using System.Reflection;

namespace SessionTui.Benchmarks;

/// <summary>Where the <c>dotnet</c> host is, to run the wall as <c>dotnet sessiontui.dll</c>, and where the built wall is.</summary>
internal static class DotnetHost
{
    /// <summary>The host: <c>$DOTNET_HOST_PATH</c> (set by the SDK), else <c>dotnet</c> on <c>PATH</c>, else
    /// <c>$DOTNET_ROOT/dotnet</c>, else plain <c>dotnet</c>.</summary>
    public static string Path { get; } = Find();

    /// <summary>The configuration this benchmark was built in (<c>Release</c> or <c>Debug</c>); the wall is looked for in the
    /// same one.</summary>
    public static string Configuration { get; } =
        typeof(DotnetHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The wall's JIT build: a <c>sessiontui.dll</c> with a <c>sessiontui.runtimeconfig.json</c> beside it under
    /// <c>src/SessionTui/bin/CONFIGURATION/</c> of the repository this benchmark was built in (the project reference builds
    /// it first), or null when there is none. The shallowest wins (<c>net10.0/</c> before a runtime-specific
    /// <c>net10.0/linux-x64/</c> that a publish leaves), then the newest.</summary>
    public static string? FindAppDll()
    {
        var root = RepositoryRoot();
        var bin = root is null ? null : System.IO.Path.Join(root, "src", "SessionTui", "bin", Configuration);
        return bin is null || !Directory.Exists(bin)
            ? null
            : Directory.EnumerateFiles(bin, "sessiontui.dll", SearchOption.AllDirectories)
                .Where(dll => File.Exists(System.IO.Path.ChangeExtension(dll, ".runtimeconfig.json")))
                .OrderBy(dll => dll.Count(c => c == System.IO.Path.DirectorySeparatorChar))
                .ThenByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault();
    }

    /// <summary>The nearest folder above this program that holds <c>SessionTui.sln</c>, or null.</summary>
    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Join(dir.FullName, "SessionTui.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (Processes.OnPath("dotnet") is { } onPath)
        {
            return onPath;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        return root is { Length: > 0 } && File.Exists(System.IO.Path.Join(root, "dotnet")) ? System.IO.Path.Join(root, "dotnet") : "dotnet";
    }
}
