using System.Runtime.Versioning;
using System.Text.Json;
using SessionTui.IntegrationTests.Support;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.Notifications;

/// <summary>
/// A private home for notification tests: XDG_CONFIG_HOME, XDG_STATE_HOME and TMUX_TMPDIR in a temp folder, a config file
/// written per test, and the built <c>sessiontui</c> run as a person would run it, from the test or inside a tmux pane.
/// </summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
internal sealed class NotifyFixture : IDisposable
{
    /// <summary>The dotnet host that runs <c>sessiontui.dll</c>.</summary>
    public static readonly string DotnetHost =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, "dotnet"))
            .FirstOrDefault(File.Exists) ?? "dotnet";

    /// <summary>Creates the folders.</summary>
    public NotifyFixture()
    {
        Home = Directory.CreateTempSubdirectory("stui-notify-").FullName;
        Directory.CreateDirectory(Path.Join(Home, "config", "sessiontui"));
    }

    /// <summary>The temp home.</summary>
    public string Home { get; }

    /// <summary>The config file.</summary>
    public string ConfigFile => Path.Join(Home, "config", "sessiontui", "config.json");

    /// <summary>The process runner.</summary>
    public ProcessRunner Runner { get; } = new();

    /// <summary>The private environment of every run: XDG folders and TMUX_TMPDIR in <see cref="Home"/>, outside tmux.</summary>
    public Dictionary<string, string?> PrivateEnvironment => new()
    {
        ["TMUX_TMPDIR"] = Home,
        ["TMUX"] = null,
        ["TMUX_PANE"] = null,
        ["XDG_STATE_HOME"] = Path.Join(Home, "state"),
        ["XDG_CONFIG_HOME"] = Path.Join(Home, "config"),
    };

    /// <summary>Writes the config file.</summary>
    public void Config(string json) => File.WriteAllText(ConfigFile, json);

    /// <summary>argv that runs <c>sessiontui ARGS</c>.</summary>
    public static string[] Cli(params string[] args) => [DotnetHost, Path.Join(AppContext.BaseDirectory, "sessiontui.dll"), .. args];

    /// <summary>Runs <c>sessiontui ARGS</c> with the private environment plus <paramref name="env"/>.</summary>
    public async Task<ProcessResult> Run(IReadOnlyDictionary<string, string?>? env, params string[] args)
    {
        var environment = PrivateEnvironment;
        foreach (var (name, value) in env ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        var argv = Cli(args);
        return await Runner.RunAsync(new ProcessSpec(argv[0], argv[1..]) { Environment = environment, Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>Runs <c>sessiontui ARGS</c> with the private environment.</summary>
    public Task<ProcessResult> Run(params string[] args) => Run(null, args);

    /// <summary>Writes an executable <c>/bin/sh</c> script and returns its path.</summary>
    public string Script(string name, string body)
    {
        var path = Path.Join(Home, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Parses a <c>--json</c> answer.</summary>
    public static JsonElement Json(ProcessResult result)
    {
        using var doc = JsonDocument.Parse(result.StandardOutput);
        return doc.RootElement.Clone();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Runner.RunAsync(new ProcessSpec("tmux", ["-S", Path.Join(Home, "state", "sessiontui", "tmux.sock"), "kill-server"])).GetAwaiter().GetResult();
        Directory.Delete(Home, recursive: true);
    }
}

/// <summary>
/// A program run in a pane of a private tmux server whose output to the pane's terminal is captured byte for byte with
/// <c>pipe-pane -o 'cat >> FILE'</c>, set up before the program starts: the pane runs a script that waits for a go file,
/// runs the program with stdin from <c>/dev/null</c> and stdout and stderr to files (so only what it writes to
/// <c>/dev/tty</c> reaches the terminal), then records its exit code.
/// </summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
internal sealed class CapturedPane
{
    private readonly string _dir;

    private CapturedPane(string dir, string sessionId, string paneId)
    {
        _dir = dir;
        SessionId = sessionId;
        PaneId = paneId;
    }

    /// <summary>The session running the program.</summary>
    public string SessionId { get; }

    /// <summary>Its pane.</summary>
    public string PaneId { get; }

    /// <summary>What the program printed on stdout.</summary>
    public string StandardOutput => File.ReadAllText(Path.Join(_dir, "out.txt"));

    /// <summary>What the program printed on stderr.</summary>
    public string StandardError => File.ReadAllText(Path.Join(_dir, "err.txt"));

    /// <summary>Creates the session, ready to run <paramref name="argv"/> (with <c>env</c> first, so variables can be set or
    /// unset), and starts capturing its pane into <paramref name="capture"/>.</summary>
    public static CapturedPane Start(TmuxTestServer tmux, NotifyFixture fixture, string name, string capture, IReadOnlyList<string> envArgs, IReadOnlyList<string> argv)
    {
        var dir = Directory.CreateDirectory(Path.Join(fixture.Home, "pane-" + name)).FullName;
        var script = fixture.Script(name + ".sh", """
            dir="$1"; shift
            while [ ! -e "$dir/go" ]; do sleep 0.02; done
            "$@" </dev/null >"$dir/out.txt" 2>"$dir/err.txt"
            echo $? >"$dir/rc.tmp" && mv "$dir/rc.tmp" "$dir/rc"
            exec sleep 600
            """);
        var sessionId = tmux.NewSession(name, ["env", .. envArgs, script, dir, .. argv]);
        var paneId = tmux.ActivePane(sessionId);
        tmux.Tmux("pipe-pane", "-o", "-t", paneId, "cat >> '" + capture + "'");
        return new CapturedPane(dir, sessionId, paneId);
    }

    /// <summary>Lets the program run and waits for its exit code.</summary>
    public int Go()
    {
        File.WriteAllText(Path.Join(_dir, "go"), "");
        var rc = Path.Join(_dir, "rc");
        TmuxTestServer.WaitUntil(() => File.Exists(rc), TimeSpan.FromSeconds(60), () => "the program in the pane to finish; stderr so far: " + (File.Exists(Path.Join(_dir, "err.txt")) ? StandardError : ""));
        return int.Parse(File.ReadAllText(rc).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until <paramref name="file"/> holds at least <paramref name="length"/> bytes (pipe-pane's cat writes
    /// them as the pane produces them) and returns its bytes.</summary>
    public static byte[] WaitForBytes(string file, int length, Func<byte[], bool>? done = null)
    {
        var bytes = Array.Empty<byte>();
        TmuxTestServer.WaitUntil(
            () => File.Exists(file) && (bytes = File.ReadAllBytes(file)).Length >= length && (done is null || done(bytes)),
            TimeSpan.FromSeconds(10),
            () => $"{length} bytes in {file}; have {bytes.Length}: {Escaped(bytes)}");
        return bytes;
    }

    /// <summary>Bytes as text with ESC, BEL and other controls spelled out, for failure messages.</summary>
    public static string Escaped(byte[] bytes) =>
        string.Concat(System.Text.Encoding.UTF8.GetString(bytes).Select(c => c switch
        {
            '\u001b' => "\\e",
            '\a' => "\\a",
            < ' ' => $"\\x{(int)c:x2}",
            _ => c.ToString(),
        }));
}
