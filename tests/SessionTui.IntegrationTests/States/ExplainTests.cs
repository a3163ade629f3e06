using System.Runtime.Versioning;
using SessionTui.IntegrationTests.Support;
using SessionTui.IntegrationTests.Workcells;

namespace SessionTui.IntegrationTests.States;

/// <summary><c>sessiontui explain</c> on real panes of a private server: the state, the rule and the lines it matched.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class ExplainTests : IDisposable
{
    private readonly WorkcellFixture _w = new();

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task A_pane_showing_a_limit_banner_and_a_pane_that_exited_are_explained()
    {
        var banner = _w.Agent("banner.sh", """
            printf '\033]2;⠐ Migrate invoices\007'
            echo "⏺ Migration written."
            echo "  ⎿ You've hit your session limit · resets in 2 hours"
            echo "  Opening your options…"
            echo "   ❯ 1. Stop and wait for limit to reset"
            echo "   Enter to confirm · Esc to cancel"
            sleep 300
            """);
        Directory.CreateDirectory(Path.GetDirectoryName(_w.Socket)!);
        _w.Tmux("new-session", "-d", "-s", "limit me", "-x", "100", "-y", "30", banner);
        _w.Tmux("new-session", "-d", "-s", "done", "sh -c 'exit 3'", ";", "set-option", "-p", "remain-on-exit", "on");
        TmuxTestServer.WaitUntil(() => _w.Tmux("capture-pane", "-p", "-t", "=limit me:").Contains("Esc to cancel", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the banner");

        var limit = WorkcellFixture.Json(await _w.Run("explain", "limit me", "--json"));
        Assert.Equal(("rate-limited", "claude.limit.usage", "built-in claude.json"), (limit.GetProperty("state").GetString(), limit.GetProperty("rule").GetString(), limit.GetProperty("source").GetString()));
        Assert.Contains("You've hit your session limit", limit.GetProperty("lines")[0].GetString(), StringComparison.Ordinal);
        var resets = limit.GetProperty("resetsAt").GetDateTimeOffset();
        Assert.InRange(resets - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(115), TimeSpan.FromMinutes(121));

        var text = await _w.Run("explain", "limit me");
        Assert.Contains("rule      claude.limit.usage  (built-in claude.json)", text.StandardOutput, StringComparison.Ordinal);

        TmuxTestServer.WaitUntil(() => _w.Tmux("display-message", "-p", "-t", "=done:", "#{pane_dead}").Trim() == "1", TimeSpan.FromSeconds(10), "the pane to die");
        var exited = WorkcellFixture.Json(await _w.Run("explain", "done", "--json"));
        Assert.Equal(("exited", 3, "tmux.exited"), (exited.GetProperty("state").GetString(), exited.GetProperty("exitStatus").GetInt32(), exited.GetProperty("rule").GetString()));

        Assert.Equal(3, (await _w.Run("explain", "limit")).ExitCode);
    }
}
