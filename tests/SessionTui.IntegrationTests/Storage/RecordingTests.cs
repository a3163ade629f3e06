using SessionTui.Core;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.Storage;

public sealed class RecordingTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly SqliteHistoryStore _store;

    public RecordingTests() => _store = SqliteHistoryStore.Open(_temp.File("history.db"));

    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Seeing_a_session_again_moves_last_seen_and_keeps_first_seen()
    {
        // Given a session seen once
        var session = Given.Session("$1", "api");
        _store.RecordSeen([session], Given.At(10));

        // When it is seen again later
        _store.RecordSeen([session], Given.At(20));

        // Then one row has the first and the latest sighting
        var entry = Assert.Single(_store.List(10));
        Assert.Equal(Given.At(10), entry.FirstSeen);
        Assert.Equal(Given.At(20), entry.LastSeen);
        Assert.Equal(Given.Created, entry.Created);
        Assert.Null(entry.EndReason);
    }

    [Fact]
    public void The_last_transition_of_a_session_is_the_newest_of_that_socket_session_and_server()
    {
        // Given transitions of $1 on two sockets, and of an earlier server (pid 10) whose $1 was another session
        _store.SaveTransition(new StateTransition(Given.At(10), "/s/a", 10, "$1", "old", null, AgentState.Waiting, "r", "", null, null));
        _store.SaveTransition(new StateTransition(Given.At(20), "/s/a", 20, "$1", "api", null, AgentState.Working, "r", "", null, null));
        _store.SaveTransition(new StateTransition(Given.At(30), "/s/a", 20, "$1", "api", AgentState.Working, AgentState.RateLimited, "r", "", Given.At(90), null));
        _store.SaveTransition(new StateTransition(Given.At(40), "/s/b", 20, "$1", "web", null, AgentState.Idle, "r", "", null, null));

        // Then each lookup finds its own newest, and a server never recorded finds nothing
        Assert.Equal((AgentState.RateLimited, Given.At(90)), (_store.LastTransition("/s/a", 20, "$1")!.To, _store.LastTransition("/s/a", 20, "$1")!.ResetsAt));
        Assert.Equal(AgentState.Waiting, _store.LastTransition("/s/a", 10, "$1")!.To);
        Assert.Equal(AgentState.Idle, _store.LastTransition("/s/b", 0, "$1")!.To);
        Assert.Null(_store.LastTransition("/s/a", 30, "$1"));
        Assert.Null(_store.LastTransition("/s/a", 20, "$2"));
    }

    [Fact]
    public void A_sighting_older_than_the_last_one_changes_nothing()
    {
        // Given a session last seen at 20 s under the name "api"
        _store.RecordSeen([Given.Session("$1", "api")], Given.At(20));

        // When a late sighting from 10 s arrives with an older name
        _store.RecordSeen([Given.Session("$1", "old-api")], Given.At(10));

        // Then the row keeps the newer sighting
        var entry = Assert.Single(_store.List(10));
        Assert.Equal(Given.At(20), entry.LastSeen);
        Assert.Equal("api", entry.Name);
    }

    [Fact]
    public void A_renamed_session_is_listed_under_its_new_name_with_its_current_command_and_path()
    {
        // Given a session seen as "api" running bash in /src
        _store.RecordSeen([Given.Session("$1", "api", command: "bash", path: "/src")], Given.At(1));

        // When it is seen renamed, running claude in /src/api
        _store.RecordSeen([Given.Session("$1", "api-v2", command: "claude", path: "/src/api")], Given.At(2));

        // Then the one row follows the rename, the command and the path
        var entry = Assert.Single(_store.List(10));
        Assert.Equal("api-v2", entry.Name);
        Assert.Equal("claude", entry.Command);
        Assert.Equal("/src/api", entry.Path);
    }

    [Fact]
    public void A_session_id_reused_by_a_restarted_server_is_a_new_row()
    {
        // Given $1 seen on a server
        _store.RecordSeen([Given.Session("$1", "before-restart")], Given.At(1));

        // When the server restarts and a new $1 (created later) is seen, and $1 is seen on another server too
        _store.RecordSeen([Given.Session("$1", "after-restart", created: Given.At(100))], Given.At(101));
        _store.RecordSeen([Given.Session("$1", "elsewhere", server: Given.OtherServer)], Given.At(102));

        // Then there are three sessions
        Assert.Equal(["elsewhere", "after-restart", "before-restart"], _store.List(10).Select(e => e.Name));
    }

    [Fact]
    public void First_recorded_end_wins_over_a_later_vanish()
    {
        // Given a session killed from the wall
        var session = Given.Session("$1", "api");
        _store.RecordSeen([session], Given.At(1));
        _store.RecordEnd(Given.End(session, EndReason.KilledFromWall, Given.At(5)), session.Name);

        // When the poller later notices it vanished
        _store.RecordEnd(Given.End(session, EndReason.Vanished, Given.At(6)), session.Name);

        // Then it stays killed from the wall, at the first time
        var entry = Assert.Single(_store.List(10));
        Assert.Equal(EndReason.KilledFromWall, entry.EndReason);
        Assert.Equal(Given.At(5), entry.Ended);
    }

    [Fact]
    public void A_kill_recorded_after_the_poller_saw_the_session_vanish_replaces_the_vanish()
    {
        // Given a session killed by the CLI that a wall's poller saw disappear before the CLI wrote its end
        var session = Given.Session("$1", "api");
        _store.RecordSeen([session], Given.At(1));
        _store.RecordEnd(Given.End(session, EndReason.Vanished, Given.At(5)), session.Name);

        // When the CLI records its kill
        _store.RecordEnd(Given.End(session, EndReason.KilledFromCli, Given.At(6)), session.Name);

        // Then the known reason replaces the unexplained vanish
        Assert.Equal(EndReason.KilledFromCli, Assert.Single(_store.List(10)).EndReason);
    }

    [Fact]
    public void An_exit_keeps_its_status()
    {
        // Given a session seen alive
        var session = Given.Session("$1", "build");
        _store.RecordSeen([session], Given.At(1));

        // When its process exits with status 3
        _store.RecordEnd(Given.End(session, EndReason.Exited, Given.At(2), exitStatus: 3), session.Name);

        // Then the end and the status are listed
        var entry = Assert.Single(_store.List(10));
        Assert.Equal(EndReason.Exited, entry.EndReason);
        Assert.Equal(3, entry.ExitStatus);
    }

    [Fact]
    public void An_end_for_a_session_never_seen_inserts_it_with_the_end()
    {
        // Given an empty history and a session the wall never recorded
        var session = Given.Session("$7", "short-lived");

        // When the CLI kills it
        _store.RecordEnd(Given.End(session, EndReason.KilledFromCli, Given.At(3)), session.Name);

        // Then it is listed with its name and end, seen once at the end
        var entry = Assert.Single(_store.List(10));
        Assert.Equal("short-lived", entry.Name);
        Assert.Equal("$7", entry.SessionId);
        Assert.Equal(Given.Server.SocketPath, entry.SocketPath);
        Assert.Equal(Given.Server.Label, entry.Server);
        Assert.Equal(EndReason.KilledFromCli, entry.EndReason);
        Assert.Equal(Given.At(3), entry.Ended);
        Assert.Equal(Given.At(3), entry.FirstSeen);
        Assert.Equal(Given.At(3), entry.LastSeen);
        Assert.Null(entry.Command);
    }

    [Fact]
    public void Seeing_an_ended_session_again_keeps_its_end()
    {
        // Given an ended session
        var session = Given.Session("$1", "api");
        _store.RecordEnd(Given.End(session, EndReason.KilledFromCli, Given.At(5)), session.Name);

        // When a sighting of the same session arrives
        _store.RecordSeen([session], Given.At(6));

        // Then it still has its end
        var entry = Assert.Single(_store.List(10));
        Assert.Equal(EndReason.KilledFromCli, entry.EndReason);
        Assert.Equal(Given.At(5), entry.Ended);
    }

    [Fact]
    public void A_stored_screen_is_flagged_and_loads_verbatim()
    {
        // Given a session that ended with a coloured last screen
        var session = Given.Session("$1", "api");
        const string screen = "\u001b[1;31merror\u001b[0m: build failed\n\u001b[38;2;255;121;198m❯\u001b[0m \t$ ";
        _store.RecordEnd(Given.End(session, EndReason.Exited, Given.At(2), screen, exitStatus: 1), session.Name);

        // When history is listed and the screen loaded
        var entry = Assert.Single(_store.List(10));

        // Then the row says it has a screen and the screen comes back byte for byte
        Assert.True(entry.HasScreen);
        Assert.Equal(screen, _store.LoadScreen(entry.Id));
    }

    [Fact]
    public void A_session_without_a_screen_says_so()
    {
        // Given a session seen alive and one killed without a capture
        _store.RecordSeen([Given.Session("$1", "alive")], Given.At(1));
        var killed = Given.Session("$2", "killed");
        _store.RecordEnd(Given.End(killed, EndReason.KilledFromWall, Given.At(2)), killed.Name);

        // When history is listed
        var entries = _store.List(10);

        // Then neither has a screen to load
        Assert.All(entries, e => Assert.False(e.HasScreen));
        Assert.All(entries, e => Assert.Null(_store.LoadScreen(e.Id)));
    }

    [Fact]
    public void A_later_end_without_a_screen_keeps_the_stored_screen()
    {
        // Given a session killed from the wall with its last screen
        var session = Given.Session("$1", "api");
        _store.RecordEnd(Given.End(session, EndReason.KilledFromWall, Given.At(2), "last words"), session.Name);

        // When it is later recorded as vanished without a screen
        _store.RecordEnd(Given.End(session, EndReason.Vanished, Given.At(3)), session.Name);

        // Then the screen is still there
        Assert.Equal("last words", _store.LoadScreen(Assert.Single(_store.List(10)).Id));
    }

    [Fact]
    public void A_later_end_adds_the_screen_the_first_end_lacked_but_keeps_its_reason()
    {
        // Given a session the CLI killed without capturing it
        var session = Given.Session("$1", "api");
        _store.RecordEnd(Given.End(session, EndReason.KilledFromCli, Given.At(2)), session.Name);

        // When the wall records the vanish with the screen it had captured
        _store.RecordEnd(Given.End(session, EndReason.Vanished, Given.At(3), "captured by the wall"), session.Name);

        // Then the first end stays and the screen is added
        var entry = Assert.Single(_store.List(10));
        Assert.Equal(EndReason.KilledFromCli, entry.EndReason);
        Assert.True(entry.HasScreen);
        Assert.Equal("captured by the wall", _store.LoadScreen(entry.Id));
    }

    [Fact]
    public void A_later_end_does_not_replace_a_stored_screen()
    {
        // Given a session that ended with a screen
        var session = Given.Session("$1", "api");
        _store.RecordEnd(Given.End(session, EndReason.KilledFromWall, Given.At(2), "first"), session.Name);

        // When a later end brings another screen
        _store.RecordEnd(Given.End(session, EndReason.Vanished, Given.At(3), "second"), session.Name);

        // Then the first screen stays
        Assert.Equal("first", _store.LoadScreen(Assert.Single(_store.List(10)).Id));
    }

    [Fact]
    public void Loading_the_screen_of_an_unknown_row_returns_null() =>
        Assert.Null(_store.LoadScreen(12345));

    [Fact]
    public void Listing_returns_the_newest_first_up_to_the_limit()
    {
        // Given five sessions last seen at different times, recorded out of order
        foreach (var (id, seconds) in new[] { ("$3", 30), ("$1", 10), ("$5", 50), ("$2", 20), ("$4", 40) })
        {
            _store.RecordSeen([Given.Session(id, "s" + id[1..])], Given.At(seconds));
        }

        // When three are listed
        var entries = _store.List(3);

        // Then they are the three seen last, newest first
        Assert.Equal(["s5", "s4", "s3"], entries.Select(e => e.Name));
        Assert.Empty(_store.List(0));
    }

    [Fact]
    public void Sessions_seen_at_the_same_time_list_the_latest_recorded_first()
    {
        // Given two sessions seen in one sighting, then a third one at the same time
        _store.RecordSeen([Given.Session("$1", "first"), Given.Session("$2", "second")], Given.At(5));
        _store.RecordSeen([Given.Session("$3", "third")], Given.At(5));

        // When history is listed
        var names = _store.List(10).Select(e => e.Name);

        // Then ties go to the row recorded last
        Assert.Equal(["third", "second", "first"], names);
    }

    [Fact]
    public void Times_come_back_as_the_same_instants_in_UTC()
    {
        // Given a session created and seen at times given with a +02:00 offset and sub-second precision
        var created = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        var seen = created.AddMinutes(5);
        _store.RecordSeen([Given.Session("$1", "tz", created: created)], seen);

        // When history is listed
        var entry = Assert.Single(_store.List(1));

        // Then the instants are equal and expressed in UTC
        Assert.Equal(created, entry.Created);
        Assert.Equal(seen, entry.LastSeen);
        Assert.Equal(TimeSpan.Zero, entry.Created.Offset);
        Assert.Equal(TimeSpan.Zero, entry.LastSeen.Offset);
    }

    [Theory]
    [InlineData("it's \"quoted\"")]
    [InlineData("日本語 ünïcödé 🚀 👩‍💻")]
    [InlineData("a; DROP TABLE sessions; --")]
    [InlineData("$(rm -rf ~) `id` ${HOME}")]
    [InlineData("-leading dash %s {0} \\ backslash")]
    [InlineData("  spaced  ")]
    public void Names_round_trip_verbatim(string name)
    {
        // Given a session with an awkward name, seen and then ended under that name
        var session = Given.Session("$1", name, command: name, path: "/tmp/" + name);
        _store.RecordSeen([session], Given.At(1));
        var neverSeen = Given.Session("$2", name);
        _store.RecordEnd(Given.End(neverSeen, EndReason.Vanished, Given.At(2)), name);

        // When history is listed
        var entries = _store.List(10);

        // Then the name, command and path come back unchanged
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(name, e.Name));
        var seen = entries.Single(e => e.SessionId == "$1");
        Assert.Equal(name, seen.Command);
        Assert.Equal("/tmp/" + name, seen.Path);
    }
}
