using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using SessionTui.Core;
using SessionTui.Workcells.States;

namespace SessionTui.StateBenchmarks;

/// <summary>
/// One refresh tick of the wall over 50 sessions whose active panes show agent screens (the ten labelled samples of
/// ../shared/agent-states, five times over, 24 lines each with SGR colours): the Update that builds the cards, classifying
/// each pane with the built-in rule files. <see cref="Tick_unchanged"/> is the common tick (no pane printed anything: every
/// screen's reading is reused); <see cref="Tick_all_changed"/> the worst (all 50 printed a new line, a different one at
/// every call: 50 screens read, each with one line the rules have not seen); <see cref="Classify_every_pane"/> is the
/// reference without either cache (a fresh classifier reads every screen in full, as one that re-read every capture each
/// tick would).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ClassifyTicks
{
    private const int Panes = 50;
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly ServerRef Server = new("bench", ["-L", "bench"], "/tmp/bench");
    private WallState _seen = null!;
    private SnapshotReceived _same = null!;
    private ImmutableArray<SessionInfo> _sessions;
    private List<(string PaneId, string Text)> _captures = null!;
    private IReadOnlyList<StateRuleFile> _rules = null!;
    private PaneFacts[] _facts = null!;
    private StateClassifier _classifier = null!;
    private int _turn;

    /// <summary>Builds the wall after one tick, the next tick's two snapshots and the facts.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _rules = StateRules.BuiltIn();
        _classifier = new StateClassifier(_rules, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10), TimeZoneInfo.Utc);
        var screens = Samples();
        var sessions = Enumerable.Range(1, Panes).Select(i => new SessionInfo(
            Server, "$" + i, "agent-" + i, T0.AddHours(-1), 0, 1,
            new PaneInfo("%" + i, 1000 + i, "node", "/w", false, null, null, 24, T0) { Title = "✳ Claude Code" })).ToImmutableArray();
        var captures = sessions.Select((s, i) => (s.ActivePane.PaneId, Text: screens[i % screens.Count])).ToList();
        _sessions = sessions;
        _captures = captures;
        var wall = WallState.Initial([Server], 200, 60, WallSettings.Default with { Classifier = _classifier });
        _seen = WallUpdate.Update(wall, Tick(sessions, captures, T0)).State;
        // Equal text in new string instances, as tmux returns them each tick.
        _same = Tick(sessions, [.. captures.Select(c => (c.PaneId, new string(c.Text.AsSpan())))], T0.AddSeconds(1));
        _facts = [.. captures.Select(c => new PaneFacts(Ansi.Strip(c.Text), "✳ Claude Code", false, null, null, TimeSpan.FromSeconds(1)))];
    }

    /// <summary>A tick where no pane changed.</summary>
    [Benchmark(Baseline = true)]
    public WallState Tick_unchanged() => WallUpdate.Update(_seen, _same).State;

    /// <summary>A tick where every pane printed a line never seen before (building the 50 captures is part of the cost).</summary>
    [Benchmark]
    public WallState Tick_all_changed()
    {
        var turn = ++_turn;
        return WallUpdate.Update(_seen, Tick(_sessions, [.. _captures.Select(c => (c.PaneId, c.Text + "\n\u001b[2mline " + turn + " of " + c.PaneId + "\u001b[0m"))], T0.AddSeconds(1))).State;
    }

    /// <summary>The reference: all 50 screens read by the rules, no cache, no cards.</summary>
    /// <summary>The classification alone in a tick where every pane changed (a new bottom line each): strip each capture's
    /// escapes and read it with the rules, the per-line memo warm from the ticks before (as on the wall).</summary>
    [Benchmark]
    public int Read_all_changed_screens()
    {
        var turn = ++_turn;
        var n = 0;
        foreach (var (_, text) in _captures)
        {
            var screen = Ansi.Strip(text + "\n\u001b[2mline " + turn + "\u001b[0m");
            n += _classifier.ReadScreen(screen, "✳ Claude Code", T0, "node") is { } v ? (int)v.State : -1;
        }

        return n;
    }

    [Benchmark]
    public int Classify_every_pane()
    {
        var n = 0;
        var fresh = new StateClassifier(_rules, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10), TimeZoneInfo.Utc);
        foreach (var f in _facts)
        {
            n += (int)fresh.Classify(f, T0, TimeZoneInfo.Utc).State;
        }

        return n;
    }

    /// <summary>Mean microseconds per call of each case over 200 rounds (after 50 of warm-up), without BenchmarkDotNet.</summary>
    public static string Quick()
    {
        var b = new ClassifyTicks();
        b.Setup();
        string Time(string name, Action run)
        {
            for (var i = 0; i < 50; i++)
            {
                run();
            }

            var sw = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < 200; i++)
            {
                run();
            }

            return $"{name}: {sw.Elapsed.TotalMicroseconds / 200:0} us";
        }

        return string.Join("\n", Time("tick, unchanged", () => b.Tick_unchanged()), Time("tick, all changed", () => b.Tick_all_changed()), Time("read all changed screens", () => b.Read_all_changed_screens()), Time("classify every pane", () => b.Classify_every_pane()));
    }

    /// <summary>How many screens each kind of tick reads (counted with a counting classifier).</summary>
    public static string Counts()
    {
        var b = new ClassifyTicks();
        b.Setup();
        var counting = new Counting(b._classifier);
        var seen = b._seen with { Settings = b._seen.Settings with { Classifier = counting } };
        WallUpdate.Update(seen, b._same);
        var unchanged = counting.Reads;
        counting.Reads = 0;
        WallUpdate.Update(seen, Tick(b._sessions, [.. b._captures.Select(c => (c.PaneId, c.Text + "\nnew line"))], T0.AddSeconds(1)));
        return $"screens read per tick over {Panes} panes: unchanged {unchanged}, all changed {counting.Reads}";
    }

    private static SnapshotReceived Tick(ImmutableArray<SessionInfo> sessions, List<(string PaneId, string Text)> captures, DateTimeOffset at) =>
        new(new ServerSnapshot(Server, at, sessions, captures.ToImmutableDictionary(c => c.PaneId, c => c.Text)));

    /// <summary>The samples' screens (header lines dropped), coloured the way a capture with <c>-e</c> is.</summary>
    private static List<string> Samples()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Join(dir, "..", "shared", "agent-states")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        var samples = Path.Join(dir ?? throw new InvalidOperationException("../shared/agent-states was not found beside the repository"), "..", "shared", "agent-states", "samples");
        return [.. Directory.GetFiles(samples, "*.txt").Order(StringComparer.Ordinal).Select(f =>
            string.Join('\n', File.ReadAllLines(f).SkipWhile(l => l.StartsWith("# ", StringComparison.Ordinal)).Select(l => "\u001b[38;5;246m" + l + "\u001b[0m")))];
    }

    private sealed class Counting(IStateClassifier inner) : IStateClassifier
    {
        public int Reads { get; set; }

        public StateVerdict? ReadScreen(string screen, string title, DateTimeOffset now, string command)
        {
            Reads++;
            return inner.ReadScreen(screen, title, now, command);
        }
    }
}
