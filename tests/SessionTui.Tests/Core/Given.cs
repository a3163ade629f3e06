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
            state = Step(state, m).State;
        }

        return state;
    }

    public static IReadOnlyList<Cmd> CmdsOf(this WallState state, Msg msg) => Step(state, msg).Cmds;

    /// <summary>One message through the Update; a <see cref="Press"/> goes through the key map first, as the input adapter
    /// does (in filter mode a printable key the map does not bind is typed into the filter).</summary>
    public static (WallState State, IReadOnlyList<Cmd> Cmds) Step(WallState state, Msg msg)
    {
        if (msg is not Press press)
        {
            return WallUpdate.Update(state, msg);
        }

        if (KeyMap.Resolve(state.Mode, press.Chord) is { } intent)
        {
            return WallUpdate.Update(state, intent);
        }

        return state.Mode == WallMode.Filter && press.Chord is { Special: 0, Ctrl: false, Char: var c }
            ? WallUpdate.Update(state, new FilterTextChanged(state.Filter + c))
            : (state, []);
    }

    public static Press Key(char c) => new(KeyChord.Of(c));

    public static Press Key(ConsoleKey k) => new(KeyChord.Of(k));

    public static Press CtrlKey(char c) => new(KeyChord.CtrlOf(c));
}

/// <summary>A key press in a test, resolved through <see cref="KeyMap"/> by <see cref="Given.Step"/>.</summary>
internal sealed record Press(KeyChord Chord) : Msg;
