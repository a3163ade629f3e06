using System.Runtime.Versioning;
using System.Text.Json;
using SessionTui.Core.Runs;
using SessionTui.IntegrationTests.Support;
using SessionTui.IntegrationTests.Workcells;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.States;

/// <summary><c>list --json</c>'s agent state, rule, reset time and health on a private server.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class ListHealthTests : IDisposable
{
    private readonly WorkcellFixture _w = new();

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task List_json_gives_each_session_its_state_rule_reset_and_health_and_names_runs_whose_session_is_missing()
    {
        // Given a limited agent, an exited one, and a run recorded as running whose session is not on the server
        var limit = _w.Agent("limit.sh", """
            echo "⏺ Migration written."
            echo "  ⎿ You've hit your session limit · resets in 2 hours"
            sleep 300
            """);
        Directory.CreateDirectory(Path.GetDirectoryName(_w.Socket)!);
        _w.Tmux("new-session", "-d", "-s", "limited", "-x", "100", "-y", "20", limit);
        _w.Tmux("new-session", "-d", "-s", "done", "sh -c 'exit 4'", ";", "set-option", "-p", "remain-on-exit", "on");
        TmuxTestServer.WaitUntil(() => _w.Tmux("display-message", "-p", "-t", "=done:", "#{pane_dead}").Trim() == "1", TimeSpan.FromSeconds(10), "the pane to die");
        await _w.Run("explain", "done"); // explain asks tmux for the exit status, nudging it to reap the process
        TmuxTestServer.WaitUntil(() => _w.Tmux("capture-pane", "-p", "-t", "=limited:").Contains("session limit", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the banner");
        using (var store = SqliteHistoryStore.Open(_w.Db))
        {
            store.SaveRun(new RunRecord("20261128-120000-gone", "gone", _w.Socket, "workcells", _w.Home, ["agent"], "agent", "t", null, null, [], null, null, Path.Join(_w.Home, "r"), RunState.Running, DateTimeOffset.UtcNow.AddMinutes(-5)) { SessionId = "$99" });
        }

        // When listing as JSON
        using var doc = JsonDocument.Parse((await _w.Run("list", "--json")).StandardOutput);

        // Then each session has its state, the rule, the reset time and its health
        var sessions = doc.RootElement.GetProperty("sessions").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var limited = sessions["limited"];
        Assert.Equal(("rate-limited", "claude.limit.usage", "alive"), (limited.GetProperty("state").GetString(), limited.GetProperty("reason").GetString(), limited.GetProperty("health").GetString()));
        Assert.InRange(limited.GetProperty("resetsAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(115), TimeSpan.FromMinutes(121));
        var done = sessions["done"];
        Assert.Equal(("exited", 4, "tmux.exited", "dead"), (done.GetProperty("state").GetString(), done.GetProperty("exitStatus").GetInt32(), done.GetProperty("reason").GetString(), done.GetProperty("health").GetString()));

        // And the run whose session is gone is listed as missing
        var missing = Assert.Single(doc.RootElement.GetProperty("missing").EnumerateArray());
        Assert.Equal(("20261128-120000-gone", "gone", "$99", "missing"), (missing.GetProperty("run").GetString(), missing.GetProperty("name").GetString(), missing.GetProperty("id").GetString(), missing.GetProperty("health").GetString()));
        Assert.Contains(doc.RootElement.GetProperty("servers").EnumerateArray(), s => s.GetProperty("socket").GetString() == _w.Socket && s.GetProperty("health").GetString() == "alive");
    }
}
