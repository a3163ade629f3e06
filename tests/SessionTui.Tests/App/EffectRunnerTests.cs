using System.Collections.Concurrent;
using System.Collections.Immutable;
using SessionTui.Attach;
using SessionTui.Core;
using SessionTui.Core.Engine;
using SessionTui.Core.History;
using SessionTui.History;
using SessionTui.Tests.Support;
using SessionTui.Tmux;
using SessionTui.Wall;

namespace SessionTui.Tests.App;

/// <summary>The wall's effect runner over verifying fakes: what it asks tmux, what comes back as messages, and that no
/// failure is lost.</summary>
public sealed class EffectRunnerTests : IDisposable
{
    private static readonly ServerRef Server = TmuxServers.FromSocketPath("/tmp/stui-effects/sock");
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly VerifyingTmuxTransport _tmux = new();
    private readonly VerifyingProcessRunner _runner = new();
    private readonly FakeHost _host = new();
    private readonly BlockingCollection<Msg> _posted = [];

    public void Dispose()
    {
        _tmux.Dispose();
        _runner.Dispose();
        _posted.Dispose();
    }

    [Fact]
    public void A_kill_captures_the_screen_kills_by_id_and_reports_the_kill_for_history_before_it_finishes()
    {
        _tmux.Expect(Server, [["capture-pane", "-p", "-e", "-t", "%7"], ["kill-session", "-t", "$3"]], [Ok("last words\n"), Ok("")]);
        var kill = new KillSession(Server, "$3", "api", "%7", Now.AddHours(-1), 4242);

        Runner().Run([kill]);

        var killed = Assert.IsType<SessionKilled>(Next());
        Assert.Equal((EndReason.KilledFromWall, "last words", "api"), (killed.End.Reason, killed.End.LastScreen, killed.Name));
        Assert.Equal(new KillFinished(SessionKey.Of(Server, "$3"), "api", null), Next());
    }

    [Fact]
    public void A_kill_tmux_refuses_comes_back_as_its_one_line_error()
    {
        _tmux.Expect(Server, [["capture-pane", "-p", "-e", "-t", "%7"], ["kill-session", "-t", "$3"]], [Ok(""), Failed("can't find session: $3")]);

        Runner().Run([new KillSession(Server, "$3", "api", "%7", Now, 1)]);

        Assert.Equal(new KillFinished(SessionKey.Of(Server, "$3"), "api", "can't find session: $3"), Next());
    }

    [Fact]
    public void A_kill_whose_server_is_gone_comes_back_as_a_message_too()
    {
        _tmux.ExpectThrows(Server, [["capture-pane", "-p", "-e", "-t", "%7"], ["kill-session", "-t", "$3"]], new TmuxServerUnavailableException(Server, "no server running on /tmp/stui-effects/sock"));

        Runner().Run([new KillSession(Server, "$3", "api", "%7", Now, 1)]);

        var finished = Assert.IsType<KillFinished>(Next());
        Assert.Equal("no tmux server on socket /tmp/stui-effects/sock", finished.Error);
    }

    [Fact]
    public void Outside_the_sessions_server_an_attach_is_handed_to_the_host_to_run_on_the_terminal()
    {
        var attach = new AttachSession(Server, "$3", "api", ReadOnly: false);

        Runner(tmuxEnv: null).Run([attach]);

        Assert.Equal([attach], _host.Attached);
    }

    [Fact]
    public void Inside_the_sessions_server_an_attach_switches_the_client_and_a_refusal_comes_back()
    {
        _runner.Expect("tmux", ["-u", "-S", "/tmp/stui-effects/sock", "if-shell", "-F", "#{client_readonly}", Arg.Matching("switch-client.*"), Arg.Matching("switch-client.*")], new ProcessResult(1, "", "can't find session: $3\n"));

        Runner(tmuxEnv: "/tmp/stui-effects/sock,123,0").Run([new AttachSession(Server, "$3", "api", ReadOnly: false)]);

        Assert.Equal(new AttachFinished("api", ExitCodes.Failure, "can't find session: $3"), Next());
        Assert.Empty(_host.Attached);
    }

    [Fact]
    public void A_read_only_attach_nests_even_inside_the_same_server()
    {
        var attach = new AttachSession(Server, "$3", "api", ReadOnly: true);

        Runner(tmuxEnv: "/tmp/stui-effects/sock,123,0").Run([attach]);

        Assert.Equal([attach], _host.Attached);
    }

    [Fact]
    public void Without_a_history_database_loading_history_says_why()
    {
        Runner().Run([new LoadHistory(10)]);

        Assert.Equal(new HistoryLoaded([], "no history database"), Next());
    }

    [Fact]
    public void Quit_ends_the_wall_through_the_host()
    {
        Runner().Run([new Quit(0)]);

        Assert.Equal([0], _host.Quits);
    }

    [Fact]
    public void History_commands_without_a_writable_database_are_dropped_quietly()
    {
        Runner().Run([new RecordSessionsSeen([], Now)]);

        Assert.False(_posted.TryTake(out _, 200));
    }

    private static TmuxCommandResult Ok(string output) => new(TmuxCommandStatus.Ok, output, null);

    private static TmuxCommandResult Failed(string error) => new(TmuxCommandStatus.Failed, "", error);

    private EffectRunner Runner(string? tmuxEnv = null)
    {
        var client = new TmuxClient(_tmux, TimeProvider.System);
        return new EffectRunner(
            client,
            new AttachService(_runner, "tmux"),
            HistoryAccess.None,
            writer: null,
            new FixedClock(Now),
            new WatchedPanes(),
            ImmutableDictionary<ServerRef, SnapshotPoller>.Empty,
            _host,
            _posted.Add,
            tmuxEnv);
    }

    private Msg Next() => _posted.TryTake(out var msg, TimeSpan.FromSeconds(5)) ? msg : throw new TimeoutException("no message posted within 5 s");

    private sealed class FakeHost : IWallHost
    {
        public List<AttachSession> Attached { get; } = [];

        public List<int> Quits { get; } = [];

        public List<EditFile> Edited { get; } = [];

        public void AttachHere(AttachSession attach) => Attached.Add(attach);

        public void EditHere(EditFile edit) => Edited.Add(edit);

        public void Quit(int exitCode) => Quits.Add(exitCode);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
