using System.Text.Json;
using SessionTui.Core;
using SessionTui.IntegrationTests.Storage;
using SessionTui.IntegrationTests.Support;
using SessionTui.Storage;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.Cli;

/// <summary>The built <c>sessiontui</c> command line against private tmux servers and a temp history database.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TmuxTestServer _tmux = new();
    private readonly string _home = Directory.CreateTempSubdirectory("stui-cli-").FullName;

    private string Db => Path.Join(_home, "history.db");

    public void Dispose()
    {
        _tmux.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task List_json_carries_ids_exact_odd_names_server_state_and_utc_times()
    {
        // Given sessions whose names a shell would mangle or run
        var marker = Path.Join(_home, "pwned");
        string[] names = ["with space", "quote'\"", "semi;colon", $"$(touch {marker})", "`touch " + marker + "`", "日本語 ✓", "-leading"];
        foreach (var name in names)
        {
            _tmux.NewSession(name, "sh", "-c", "echo hi; exec sleep 600");
        }

        // When listing as JSON
        var result = await Run("list", "--json");

        // Then every name comes back exactly, with ids, server and UTC times, and nothing was executed
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var sessions = json.RootElement.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), sessions.Select(s => s.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(sessions, s =>
        {
            Assert.StartsWith("$", s.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("%", s.GetProperty("pane").GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal(_tmux.SocketPath, s.GetProperty("server").GetString());
            Assert.EndsWith("Z", s.GetProperty("created").GetString(), StringComparison.Ordinal);
            Assert.EndsWith("Z", s.GetProperty("lastActivity").GetString(), StringComparison.Ordinal);
            Assert.Contains(s.GetProperty("state").GetString(), new[] { "working", "idle", "waiting" });
            Assert.StartsWith("freshness.", s.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, s.GetProperty("resetsAt").ValueKind);
            Assert.Equal("alive", s.GetProperty("health").GetString());
        });
        var servers = json.RootElement.GetProperty("servers").EnumerateArray().ToList();
        Assert.Contains(servers, s => s.GetProperty("server").GetString() == "default" && !s.GetProperty("running").GetBoolean() && s.GetProperty("health").GetString() == "server");
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Kill_by_exact_name_never_reaches_a_prefix_sibling_and_is_recorded()
    {
        var api = _tmux.NewSession("api", "sh", "-c", "echo serving-api; exec sleep 600");
        _tmux.NewSession("api-prod", "sh", "-c", "echo serving-prod; exec sleep 600");
        _tmux.WaitForText(_tmux.ActivePane(api), "serving-api");

        var result = await Run("kill", "api", "--yes");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("killed api ($", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["api-prod"], _tmux.SessionNames());
        var history = await Run("history", "--json");
        using var json = JsonDocument.Parse(history.StandardOutput);
        var row = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(("api", "killed-from-cli", true), (row.GetProperty("name").GetString(), row.GetProperty("end").GetString(), row.GetProperty("hasScreen").GetBoolean()));
        using var store = SqliteHistoryStore.OpenReadOnly(Db);
        Assert.Contains("serving-api", store.LoadScreen(row.GetProperty("id").GetInt64()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_by_id_and_a_name_with_a_leading_dash_work()
    {
        _tmux.NewSession("-dash", "sh", "-c", "exec sleep 600");
        var other = _tmux.NewSession("other", "sh", "-c", "exec sleep 600");

        Assert.Equal(0, (await Run("kill", "--yes", "--", "-dash")).ExitCode);
        Assert.Equal(0, (await Run("kill", "--yes", other)).ExitCode);

        Assert.Empty(_tmux.SessionNames());
    }

    [Fact]
    public async Task An_unknown_or_ambiguous_session_exits_3_and_kills_nothing()
    {
        using var second = new TmuxTestServer();
        _tmux.NewSession("api", "sh", "-c", "exec sleep 600");
        second.NewSession("api", "sh", "-c", "exec sleep 600");

        var unknown = await Run("kill", "ap", "--yes");
        var ambiguous = await Run(["-S", second.SocketPath, "kill", "api", "--yes"]);

        Assert.Equal(3, unknown.ExitCode);
        Assert.Contains("no session named or with id 'ap'", unknown.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, ambiguous.ExitCode);
        Assert.Contains("matches 2 sessions", ambiguous.StandardError, StringComparison.Ordinal);
        Assert.Equal(["api"], _tmux.SessionNames());
        Assert.Equal(["api"], second.SessionNames());
    }

    [Fact]
    public async Task Kill_without_yes_and_without_a_terminal_refuses_with_exit_2()
    {
        _tmux.NewSession("keep", "sh", "-c", "exec sleep 600");

        var result = await Run("kill", "keep");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("without --yes", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(["keep"], _tmux.SessionNames());
    }

    [Fact]
    public async Task A_missing_tmux_is_one_clear_line_and_exit_127()
    {
        var empty = Directory.CreateDirectory(Path.Join(_home, "empty-path")).FullName;

        var result = await Run(["list"], new Dictionary<string, string?> { ["PATH"] = empty });

        Assert.Equal(127, result.ExitCode);
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("tmux not found on PATH", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--interval", "5", "list")]
    [InlineData("bogus")]
    [InlineData("history", "--limit", "0")]
    [InlineData("kill")]
    public async Task Bad_usage_exits_2_with_a_message(params string[] args)
    {
        var result = await Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("sessiontui: ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wall_without_a_terminal_says_so_and_exits_1()
    {
        var result = await Run();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("needs a terminal", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_rows_written_by_two_processes_at_once_are_all_kept()
    {
        // Given ten sessions
        for (var i = 0; i < 10; i++)
        {
            _tmux.NewSession($"worker-{i}", "sh", "-c", "exec sleep 600");
        }

        // When two processes list (and record) at the same time, eight times each, while a third kills one session
        async Task<IReadOnlyList<ProcessResult>> Loop()
        {
            var results = new List<ProcessResult>();
            for (var i = 0; i < 8; i++)
            {
                results.Add(await Run("list"));
            }

            return results;
        }

        var all = await Task.WhenAll(Loop(), Loop(), Task.Run(async () => (IReadOnlyList<ProcessResult>)[await Run("kill", "--yes", "worker-3")]));

        // Then every run succeeded without a history error and every session has exactly one row
        Assert.All(all.SelectMany(r => r), r =>
        {
            Assert.Equal(0, r.ExitCode);
            Assert.DoesNotContain("history", r.StandardError, StringComparison.Ordinal);
        });
        using var store = SqliteHistoryStore.OpenReadOnly(Db);
        var rows = store.List(100);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"worker-{i}"), rows.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(EndReason.KilledFromCli, rows.Single(r => r.Name == "worker-3").EndReason);
    }

    [Fact]
    public async Task History_json_keeps_its_documented_shape_byte_for_byte()
    {
        // Given a history with every end reason, nulls, fractions of seconds, and names outside ASCII and outside the BMP
        SqliteHistoryStore.Open(Db).Dispose();
        using (var db = new RawDatabase(Db))
        {
            db.Execute("""
                INSERT INTO sessions (id, server, socket_path, server_pid, tmux_session_id, name, created_utc, first_seen_utc, last_seen_utc, pane_command, pane_path, end_reason, exit_status, ended_utc, last_screen) VALUES
                (1, 'default', '/tmp/tmux-0/default', 7, '$1', 'alive ü "q" <&> \', '2025-03-14T09:26:53.0000000Z', '2025-03-14T09:26:54.1234567Z', '2025-03-14T09:31:00.0000000Z', 'sleep', '/home/ü', NULL, NULL, NULL, NULL),
                (2, 'work', '/tmp/tmux-0/work', 8, '$2', 'rocket 🚀', '2025-03-14T09:26:53.0000000Z', '2025-03-14T09:26:53.0000000Z', '2025-03-14T09:30:00.0000000Z', NULL, NULL, 'killed-wall', NULL, '2025-03-14T09:30:00.0000000Z', 'last screen'),
                (3, 'default', '/tmp/tmux-0/default', 7, '$3', 'cli', '2025-03-14T09:26:53.0000000Z', '2025-03-14T09:26:53.0000000Z', '2025-03-14T09:29:00.0000000Z', 'bash', '/', 'killed-cli', NULL, '2025-03-14T09:29:00.0000000Z', 'last screen'),
                (4, 'default', '/tmp/tmux-0/default', 7, '$4', 'exited', '2025-03-14T09:26:53.0000000Z', '2025-03-14T09:26:53.0000000Z', '2025-03-14T09:28:00.0000000Z', 'make', '/src', 'exited', 3, '2025-03-14T09:28:00.0000000Z', NULL),
                (5, 'default', '/tmp/tmux-0/default', 7, '$5', 'gone', '2025-03-14T09:26:53.0000000Z', '2025-03-14T09:26:53.0000000Z', '2025-03-14T09:27:00.0000000Z', 'vim', '/etc', 'vanished', NULL, '2025-03-14T09:27:00.5000000Z', NULL);
                """);
        }

        // When printing it as JSON
        var result = await Run("history", "--json");

        // Then the text is exactly the documented shape: camelCase, kebab-case ends, nulls kept, indented, UTC times,
        // non-ASCII kept and astral characters escaped (the shape before the move to source-generated serialization)
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            [
              {
                "id": 1,
                "server": "default",
                "socket": "/tmp/tmux-0/default",
                "sessionId": "$1",
                "name": "alive ü \"q\" <&> \\",
                "created": "2025-03-14T09:26:53Z",
                "firstSeen": "2025-03-14T09:26:54.1234567Z",
                "lastSeen": "2025-03-14T09:31:00Z",
                "command": "sleep",
                "path": "/home/ü",
                "end": null,
                "exitStatus": null,
                "ended": null,
                "hasScreen": false
              },
              {
                "id": 2,
                "server": "work",
                "socket": "/tmp/tmux-0/work",
                "sessionId": "$2",
                "name": "rocket \uD83D\uDE80",
                "created": "2025-03-14T09:26:53Z",
                "firstSeen": "2025-03-14T09:26:53Z",
                "lastSeen": "2025-03-14T09:30:00Z",
                "command": null,
                "path": null,
                "end": "killed-from-wall",
                "exitStatus": null,
                "ended": "2025-03-14T09:30:00Z",
                "hasScreen": true
              },
              {
                "id": 3,
                "server": "default",
                "socket": "/tmp/tmux-0/default",
                "sessionId": "$3",
                "name": "cli",
                "created": "2025-03-14T09:26:53Z",
                "firstSeen": "2025-03-14T09:26:53Z",
                "lastSeen": "2025-03-14T09:29:00Z",
                "command": "bash",
                "path": "/",
                "end": "killed-from-cli",
                "exitStatus": null,
                "ended": "2025-03-14T09:29:00Z",
                "hasScreen": true
              },
              {
                "id": 4,
                "server": "default",
                "socket": "/tmp/tmux-0/default",
                "sessionId": "$4",
                "name": "exited",
                "created": "2025-03-14T09:26:53Z",
                "firstSeen": "2025-03-14T09:26:53Z",
                "lastSeen": "2025-03-14T09:28:00Z",
                "command": "make",
                "path": "/src",
                "end": "exited",
                "exitStatus": 3,
                "ended": "2025-03-14T09:28:00Z",
                "hasScreen": false
              },
              {
                "id": 5,
                "server": "default",
                "socket": "/tmp/tmux-0/default",
                "sessionId": "$5",
                "name": "gone",
                "created": "2025-03-14T09:26:53Z",
                "firstSeen": "2025-03-14T09:26:53Z",
                "lastSeen": "2025-03-14T09:27:00Z",
                "command": "vim",
                "path": "/etc",
                "end": "vanished",
                "exitStatus": null,
                "ended": "2025-03-14T09:27:00.5Z",
                "hasScreen": false
              }
            ]
            """ + "\n",
            result.StandardOutput);
    }

    /// <summary>The dotnet host by full path, so a test can run the app with a PATH that lacks tmux.</summary>
    private static string Dotnet { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Join(dir, "dotnet"))
            .FirstOrDefault(File.Exists) ?? "dotnet";

    private Task<ProcessResult> Run(params string[] args) => Run(args, null);

    private async Task<ProcessResult> Run(string[] args, IReadOnlyDictionary<string, string?>? extraEnv)
    {
        var env = new Dictionary<string, string?>
        {
            ["TMUX_TMPDIR"] = _home,
            ["TMUX"] = null,
            ["TMUX_PANE"] = null,
            ["XDG_STATE_HOME"] = Path.Join(_home, "state"),
        };
        foreach (var (k, v) in extraEnv ?? new Dictionary<string, string?>())
        {
            env[k] = v;
        }

        return await _tmux.Runner.RunAsync(new ProcessSpec(Dotnet, [Path.Join(AppContext.BaseDirectory, "sessiontui.dll"), "-S", _tmux.SocketPath, "--db", Db, .. args])
        {
            Environment = env,
            Timeout = TimeSpan.FromSeconds(60),
        });
    }
}
