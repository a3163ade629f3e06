using SessionTui.Core;
using SessionTui.Tmux;
using SessionTui.Workcells;
using SessionTui.Workcells.Loops;

namespace SessionTui.Demo;

/// <summary>
/// Starts the demo: a private tmux server (<c>-L sessiontui-demo</c>) with seven scripted fake agents and a Ralph loop, from the
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
        ("claude-limit", "limit.sh"),
    ];

    /// <summary>The session name of the demo's Ralph loop.</summary>
    public const string LoopName = "ralph-loop";

    private const string LoopAgent = "loop-agent.sh";

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

    /// <summary>Replaces any earlier demo server with a fresh one running the seven agents (120x40 panes), from scripts
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

        foreach (var script in new[] { LoopAgent })
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

    /// <summary>
    /// Starts the demo's Ralph loop (<c>ralph-loop</c>) on the demo server: a temporary git repository with a six-item
    /// <c>PRD.md</c>, and a fake agent that checks one item and commits per iteration, a few seconds each. It is a real loop
    /// run (run folder, history database), recorded like any other.
    /// </summary>
    /// <param name="workcells">The workcell parts (the loop launcher).</param>
    /// <exception cref="InvalidOperationException"><see cref="StartAsync"/> did not run.</exception>
    /// <exception cref="LaunchException">The loop could not start.</exception>
    public async Task StartLoopAsync(WorkcellServices workcells)
    {
        ArgumentNullException.ThrowIfNull(workcells);
        var dir = AgentsDir ?? throw new InvalidOperationException("start the demo first");
        var repo = Path.Combine(dir, "repo");
        Directory.CreateDirectory(repo);
        await File.WriteAllTextAsync(Path.Combine(repo, "PRD.md"), """
            # Rate limiter

            - [ ] Parse the Retry-After header
            - [ ] Retry 429 responses with backoff
            - [ ] Cap retries at five
            - [ ] Log each wait
            - [ ] Expose the limit in /metrics
            - [ ] Document the limiter in the README
            """).ConfigureAwait(false);
        string[] identity = ["GIT_AUTHOR_NAME=demo-agent", "GIT_AUTHOR_EMAIL=demo@example.com", "GIT_COMMITTER_NAME=demo-agent", "GIT_COMMITTER_EMAIL=demo@example.com"];
        foreach (var args in new[] { new[] { "init", "-q" }, ["add", "PRD.md"], ["-c", "user.name=demo", "-c", "user.email=demo@example.com", "commit", "-q", "-m", "PRD"] })
        {
            await workcells.Runner.RunAsync(new ProcessSpec("git", ["-C", repo, .. args])).ConfigureAwait(false);
        }

        await workcells.Loops.StartAsync(
            new LoopRequest(LoopName, repo, Path.Combine(repo, "PRD.md"), ["bash", Path.Combine(dir, LoopAgent), "{prompt}"], "demo-agent", 25, 3, null, identity),
            _server,
            _ => { }).ConfigureAwait(false);
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
