namespace SessionTui.Benchmarks;

/// <summary>One build of the wall to measure, run as a program: <c>jit</c> (<c>dotnet sessiontui.dll</c>) or <c>aot</c> (a
/// Native AOT <c>sessiontui</c> executable).</summary>
/// <param name="Name"><c>jit</c> or <c>aot</c>.</param>
/// <param name="Program">The executable to start: the dotnet host, or the AOT binary.</param>
/// <param name="Prefix">Arguments before the wall's own: the dll for the JIT build, none for AOT.</param>
internal sealed record WallVariant(string Name, string Program, IReadOnlyList<string> Prefix)
{
    /// <summary>The JIT build: <c>dotnet <paramref name="dll"/></c>.</summary>
    public static WallVariant Jit(string dll) => new("jit", DotnetHost.Path, [dll]);

    /// <summary>The Native AOT build: <paramref name="binary"/> itself.</summary>
    public static WallVariant Aot(string binary) => new("aot", binary, []);

    /// <summary>What the report shows for it: the name and the file that runs.</summary>
    public string Describe() => Prefix.Count == 0 ? $"{Name}: {Program}" : $"{Name}: {Program} {string.Join(' ', Prefix)}";

    /// <summary>The argv that runs the wall with <paramref name="args"/>.</summary>
    public IReadOnlyList<string> Command(IEnumerable<string> args) => [Program, .. Prefix, .. args];
}
