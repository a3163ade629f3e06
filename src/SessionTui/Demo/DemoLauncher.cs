using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Demo;

/// <summary>
/// Starts the demo: a private tmux server (<c>-L sessiontui-demo</c>) with six scripted fake agents from the
/// <c>demo-agents</c> folder shipped beside the binary, each in its own session with <c>remain-on-exit</c> so finished and
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

    /// <summary>Replaces any earlier demo server with a fresh one running the six agents (120x40 panes).</summary>
    /// <param name="agentsDir">Folder holding the agent scripts.</param>
    /// <exception cref="FileNotFoundException">A script is missing.</exception>
    /// <exception cref="TmuxCommandException">tmux refused to start a session.</exception>
    public async Task StartAsync(string agentsDir)
    {
        foreach (var (_, script) in Agents)
        {
            var path = Path.Combine(agentsDir, script);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("demo agent script missing: " + path, path);
            }
        }

        await StopAsync().ConfigureAwait(false);
        foreach (var (name, script) in Agents)
        {
            await _tmux.NewSessionAsync(_server, new NewSessionRequest(name, ["bash", Path.Combine(agentsDir, script)])
            {
                Width = 120,
                Height = 40,
                WorkingDirectory = Path.GetTempPath(),
                RemainOnExit = true,
            }).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the demo server, if running.</summary>
    public async Task StopAsync()
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
