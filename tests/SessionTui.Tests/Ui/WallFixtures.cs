using System.Collections.Immutable;
using SessionTui.Core;

namespace SessionTui.Tests.Ui;

/// <summary>Demo-like wall states built through <see cref="WallUpdate.Update"/> from snapshots and key presses, at a fixed
/// time, so the golden frames show real states.</summary>
internal static class WallFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 15, 4, 0, TimeSpan.Zero);

    public static readonly ServerRef Default = new("default", ["-S", "/tmp/tmux-0/default"], "/tmp/tmux-0/default");

    public static readonly ServerRef Work = new("work", ["-L", "work"], "/tmp/tmux-0/work");

    private const string E = "\u001b";

    public static readonly string AgentCapture = string.Join('\n',
        $"{E}[1m>{E}[0m Add rate limiting to the /orders endpoint",
        "",
        $"{E}[38;5;42m⏺{E}[0m I'll start by reading the current handler.",
        "",
        $"{E}[38;5;42m⏺{E}[0m {E}[1mRead{E}[0m(src/api/orders.ts)",
        "  ⎿  Read 214 lines",
        "",
        $"{E}[38;5;42m⏺{E}[0m {E}[1mUpdate{E}[0m(src/api/orders.ts)",
        "  ⎿  Updated src/api/orders.ts with 18 additions and 2 removals",
        "",
        $"{E}[38;5;42m⏺{E}[0m {E}[1mBash{E}[0m(npm test -- orders)",
        $"  ⎿  {E}[32m✓{E}[0m 42 passed {E}[2m(3.1s){E}[0m",
        "",
        $"{E}[38;2;215;119;87m✻{E}[0m Thinking… {E}[2m(esc to interrupt){E}[0m",
        "",
        "",
        "");

    public static readonly string PromptCapture = string.Join('\n',
        $"{E}[38;5;42m⏺{E}[0m {E}[1mBash{E}[0m(psql -f migrations/0042_orders_index.sql)",
        "",
        " Bash command",
        "   psql -f migrations/0042_orders_index.sql",
        "   Apply the orders index migration",
        "",
        " Do you want to proceed?",
        $" {E}[36m❯ 1. Yes{E}[0m",
        "   2. Yes, and don't ask again for psql",
        "   3. No, and tell Claude what to do (esc)",
        "");

    public static readonly string BuildCapture = string.Join('\n',
        "$ cargo build --release",
        $"   {E}[1;32mCompiling{E}[0m orders v0.3.1 (/home/dev/orders)",
        $"    {E}[1;32mFinished{E}[0m `release` profile [optimized] target(s) in 41.27s",
        "",
        "Pane is dead (status 0, Sat Nov 21 15:01:12 2026)",
        "");

    public static readonly string TestsCapture = string.Join('\n',
        "tests/test_orders.py ......................F....",
        "",
        $"{E}[31mFAILED{E}[0m tests/test_orders.py::test_rate_limit - AssertionError: 429 != 200",
        $"{E}[31m========== 1 failed, 57 passed in 4.12s =========={E}[0m",
        "",
        "Pane is dead (status 1, Sat Nov 21 14:58:40 2026)",
        "");

    public static readonly string ShellCapture = string.Join('\n',
        "dev@box:~/src/orders$ git status",
        "On branch main",
        "nothing to commit, working tree clean",
        "dev@box:~/src/orders$ ",
        "",
        "",
        "");

    public static readonly string WideCapture = string.Join('\n',
        $"{E}[1;35m翻訳{E}[0m: 日本語のテキストを確認中…",
        $"{E}[38;2;255;121;198m🚀 deployed{E}[0m to staging ✓",
        "cafe\u0301 and nai\u0308ve, ﾊﾝｶｸ and 한국어",
        $"{E}[48;5;236m{E}[38;5;214m WARN {E}[0m flag 🇩🇪 dev 👩\u200d💻 ok",
        $"{E}]0;evil title\u0007{E}[2Jtab\there\r",
        $"{E}[4mlink{E}[24m {E}[7minverse{E}[27m {E}[9mgone{E}[29m");

    /// <summary>The six demo sessions on the default server: streaming agent, permission prompt, exited 0, exited 1, idle
    /// shell, colours and wide characters.</summary>
    public static ImmutableArray<(SessionInfo Session, string Capture)> Six(ServerRef server) =>
    [
        (Session(server, 1, "api-agent", "claude", "/home/dev/src/api", TimeSpan.FromHours(2), TimeSpan.FromSeconds(1), attached: 1), AgentCapture),
        (Session(server, 2, "db-migrate", "claude", "/home/dev/src/db", TimeSpan.FromMinutes(47), TimeSpan.FromSeconds(20)), PromptCapture),
        (Session(server, 3, "build", "cargo", "/home/dev/orders", TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(3), dead: true, status: 0), BuildCapture),
        (Session(server, 4, "tests", "pytest", "/home/dev/orders", TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(5), dead: true, status: 1), TestsCapture),
        (Session(server, 5, "shell", "bash", "/home/dev/src/orders", TimeSpan.FromDays(3), TimeSpan.FromMinutes(25), attached: 2), ShellCapture),
        (Session(server, 6, "i18n-check", "node", "/home/dev/src/web", TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(2)), WideCapture),
    ];

    public static WallState Initial(int width, int height, params ServerRef[] servers) =>
        WallState.Initial(servers.Length == 0 ? [Default] : servers, width, height);

    /// <summary>The state after one snapshot of <paramref name="sessions"/> on <paramref name="server"/>.</summary>
    public static WallState Snapshot(WallState state, ServerRef server, IEnumerable<(SessionInfo Session, string Capture)> sessions)
    {
        var list = sessions.ToImmutableArray();
        var snapshot = new ServerSnapshot(
            server,
            Now,
            [.. list.Select(s => s.Session)],
            list.ToImmutableDictionary(s => s.Session.ActivePane.PaneId, s => s.Capture));
        return Send(state, new SnapshotReceived(snapshot));
    }

    /// <summary>The six demo sessions on the default server.</summary>
    public static WallState SixSessions(int width, int height) => Snapshot(Initial(width, height), Default, Six(Default));

    public static WallState Send(WallState state, params Msg[] messages)
    {
        foreach (var message in messages)
        {
            state = WallUpdate.Update(state, message).State;
        }

        return state;
    }

    /// <summary>Key presses resolved through the key map in the mode at each press, as the input adapter does.</summary>
    public static WallState Keys(WallState state, params KeyChord[] keys)
    {
        foreach (var key in keys)
        {
            if (KeyMap.Resolve(state.Mode, key) is { } intent)
            {
                state = WallUpdate.Update(state, intent).State;
            }
        }

        return state;
    }

    /// <summary>Typing into the filter field: <c>/</c> opens it, the rest is its text as the field reports it.</summary>
    public static WallState Type(WallState state, string text)
    {
        var typed = text.StartsWith('/') ? Keys(state, KeyChord.Of('/')) : state;
        return WallUpdate.Update(typed, new FilterTextChanged(text.TrimStart('/'))).State;
    }

    public static SessionInfo Session(
        ServerRef server,
        int n,
        string name,
        string command,
        string path,
        TimeSpan age,
        TimeSpan quiet,
        int attached = 0,
        bool dead = false,
        int? status = null,
        int? signal = null)
    {
        var pane = new PaneInfo($"%{n + 10}", 4200 + n, command, path, dead, status, signal, 40, Now - quiet);
        return new SessionInfo(server, $"${n}", name, Now - age, attached, 1, pane);
    }

    public static ImmutableArray<HistoryEntry> History() =>
    [
        Entry(12, "default", "api-agent", TimeSpan.FromHours(2), TimeSpan.Zero, "claude", null, null),
        Entry(11, "default", "tests", TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(5), "pytest", EndReason.Exited, 1),
        Entry(10, "default", "build", TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(3), "cargo", EndReason.Exited, 0),
        Entry(9, "work", "review-pr-1874", TimeSpan.FromHours(5), TimeSpan.FromHours(1), "claude", EndReason.KilledFromWall, null),
        Entry(8, "work", "spike", TimeSpan.FromHours(9), TimeSpan.FromHours(6), "codex", EndReason.KilledFromCli, null),
        Entry(7, "default", "scratch", TimeSpan.FromDays(1), TimeSpan.FromHours(20), "bash", EndReason.Vanished, null),
        Entry(6, "default", "a-session-name-that-goes-on-and-on-forever", TimeSpan.FromDays(2), TimeSpan.FromDays(1), "python3", EndReason.Exited, 137),
    ];

    private static HistoryEntry Entry(long id, string server, string name, TimeSpan age, TimeSpan ago, string command, EndReason? reason, int? status) =>
        new(id, server, "/tmp/tmux-0/" + server, "$" + id, name, Now - age, Now - age, Now - ago, command, "/home/dev", reason, status,
            reason is null ? null : Now - ago, HasScreen: reason is not null);
}
