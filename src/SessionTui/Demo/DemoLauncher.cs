using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Demo;

/// <summary>
/// Starts the demo: a private tmux server (<c>-L sessiontui-demo</c>) with six scripted fake agents from the
/// scripts built into the binary (written to a private temporary folder when the demo starts), each in its own session with <c>remain-on-exit</c> so finished and
/// failed agents stay visible with their exit status.
/// </summary>
public sealed class DemoLauncher
{
    /// <summary>Socket name of the demo server.</summary>
    public const string SocketName = "sessiontui-demo";

    private static readonly (string Name, string Script)[] Agents =
    [
        ("claude-refactor", "streaming.sh"),
        ("codex-deploy", "permission.sh"),
        ("aider-docs", "finished.sh"),
        ("ralph-tests", "failed.sh"),
        ("claude-review", "idle.sh"),
        ("colours 日本 ✓", "colours.sh"),
    ];

    private readonly TmuxClient _tmux;
    private readonly ServerRef _server;

    /// <summary>Creates the launcher for <paramref name="server"/>.</summary>
    public DemoLauncher(TmuxClient tmux, ServerRef server)
    {
        _tmux = tmux;
        _server = server;
    }

    /// <summary>The demo server's reference (<c>-L sessiontui-demo</c>).</summary>
    public static ServerRef Server() =>
        TmuxServers.FromSocketName(SocketName, Environment.GetEnvironmentVariable, TmuxServers.CurrentUid());

    /// <summary>The folder the agent scripts were written to, once <see cref="StartAsync"/> ran.</summary>
    public string? AgentsDir { get; private set; }

    /// <summary>Replaces any earlier demo server with a fresh one running the six agents (120x40 panes), from scripts
    /// written to a new private temporary folder (0700).</summary>
    /// <exception cref="TmuxCommandException">tmux refused to start a session.</exception>
    /// <exception cref="IOException">The scripts could not be written.</exception>
    public async Task StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("sessiontui-demo-").FullName;
        AgentsDir = dir;
        foreach (var (_, script) in Agents)
        {
            using var source = typeof(DemoLauncher).Assembly.GetManifestResourceStream("SessionTui.Demo.agents." + script)
                ?? throw new FileNotFoundException("demo agent script missing from the build: " + script, script);
            using var target = File.Create(Path.Combine(dir, script));
            await source.CopyToAsync(target).ConfigureAwait(false);
        }

        await KillServerAsync().ConfigureAwait(false);
        foreach (var (name, script) in Agents)
        {
            await _tmux.NewSessionAsync(_server, new NewSessionRequest(name, ["bash", Path.Combine(dir, script)])
            {
                Width = 120,
                Height = 40,
                WorkingDirectory = Path.GetTempPath(),
                RemainOnExit = true,
            }).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the demo server, if running, and removes the scripts' folder.</summary>
    public async Task StopAsync()
    {
        await KillServerAsync().ConfigureAwait(false);
        if (AgentsDir is { } dir && Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task KillServerAsync()
    {
        try
        {
            await _tmux.KillServerAsync(_server).ConfigureAwait(false);
        }
        catch (TmuxServerUnavailableException)
        {
            // No demo server was running: nothing to stop.
        }
    }
}
