using System.Collections.Immutable;
using SessionTui.Core;

namespace SessionTui.Tests.Core;

/// <summary>Builders for states and snapshots at fixed times.</summary>
internal static class Given
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    public static readonly ServerRef Default = new("default", ["-S", "/tmp/tmux-0/default"], "/tmp/tmux-0/default");
    public static readonly ServerRef Work = new("work", ["-L", "work"], "/tmp/tmux-0/work");

    public static SessionInfo Session(int id, string name, ServerRef? server = null, bool dead = false, int? status = null, DateTimeOffset? activity = null, int clients = 0, DateTimeOffset? created = null) =>
        new(server ?? Default, "$" + id, name, created ?? T0.AddMinutes(-30 + id), clients, 1,
            new PaneInfo("%" + id, 1000 + id, "bash", "/work/" + name, dead, status, null, 40, activity ?? T0));

    public static ServerSnapshot Snapshot(ServerRef server, DateTimeOffset at, params SessionInfo[] sessions) =>
        new(server, at, [.. sessions], ImmutableDictionary<string, string>.Empty);

    public static ServerSnapshot WithCaptures(this ServerSnapshot snap, params (string Pane, string Text)[] captures) =>
        snap with { Captures = captures.ToImmutableDictionary(c => c.Pane, c => c.Text) };

    public static WallState Wall(int width = 120, int height = 40, params ServerRef[] servers) =>
        WallState.Initial(servers.Length == 0 ? [Default] : servers, width, height);

    /// <summary>A wall at 120x40 that has seen <paramref name="count"/> sessions named s01, s02 … on the default server.</summary>
    public static WallState WallWith(int count, int width = 120, int height = 40) =>
        Wall(width, height).Feed(new SnapshotReceived(Snapshot(Default, T0, [.. Enumerable.Range(1, count).Select(i => Session(i, $"s{i:00}"))])));

    public static WallState Feed(this WallState state, params Msg[] msgs)
    {
        foreach (var m in msgs)
        {
            state = WallUpdate.Update(state, m).State;
        }

        return state;
    }

    public static IReadOnlyList<Cmd> CmdsOf(this WallState state, Msg msg) => WallUpdate.Update(state, msg).Cmds;

    public static KeyPressed Key(char c) => new(KeyInput.Of(c));

    public static KeyPressed Key(ConsoleKey k) => new(KeyInput.Of(k));
}
