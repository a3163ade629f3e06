using SessionTui.Cli;
using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Tests.Sending;

public sealed class SessionTargetsTests
{
    private static readonly ServerRef One = TmuxServers.FromSocketPath("/tmp/one/sock");
    private static readonly ServerRef Two = TmuxServers.FromSocketPath("/tmp/two/sock");

    private static SessionInfo Session(ServerRef server, string id, string name) =>
        new(server, id, name, DateTimeOffset.UnixEpoch, 0, 1, new PaneInfo("%0", 1, "sh", "/", false, null, null, 24, DateTimeOffset.UnixEpoch));

    private static SessionInfo Pick(string? target, params SessionInfo[] sessions) =>
        SessionTargets.Pick(sessions, target, [One.Label, Two.Label], []);

    private static string Error(string? target, params SessionInfo[] sessions) =>
        Assert.Throws<SessionNotFoundException>(() => Pick(target, sessions)).Message;

    [Fact]
    public void Without_a_name_the_only_session_is_picked() =>
        Assert.Equal("solo", Pick(null, Session(Two, "$4", "solo")).Name);

    [Fact]
    public void Without_a_name_several_sessions_are_listed_quoted_where_needed() =>
        Assert.Equal(
            "3 sessions, name one: \"-dash\", api, \"my \\\"job\\\"\"",
            Error(null, Session(One, "$1", "api"), Session(One, "$2", "my \"job\""), Session(Two, "$1", "-dash")));

    [Fact]
    public void The_same_name_on_two_servers_is_listed_with_its_id_and_server() =>
        Assert.Equal(
            "2 sessions, name one: api ($1 on " + One.Label + "), api ($3 on " + Two.Label + ")",
            Error(null, Session(One, "$1", "api"), Session(Two, "$3", "api")));

    [Fact]
    public void Without_a_name_and_no_session_the_servers_are_named() =>
        Assert.Equal($"no sessions on {One.Label}, {Two.Label} (no server running on {Two.Label})", Assert.Throws<SessionNotFoundException>(() => SessionTargets.Pick([], null, [One.Label, Two.Label], [Two.Label])).Message);

    [Fact]
    public void A_prefix_of_a_name_matches_nothing() =>
        Assert.StartsWith("no session named or with id \"api\" on ", Error("api", Session(One, "$1", "api-prod")), StringComparison.Ordinal);

    [Fact]
    public void A_name_or_an_id_picks_exactly_that_session()
    {
        SessionInfo[] sessions = [Session(One, "$1", "api"), Session(One, "$2", "api-prod"), Session(One, "$3", "-x y")];

        Assert.Equal("$2", Pick("api-prod", sessions).SessionId);
        Assert.Equal("-x y", Pick("$3", sessions).Name);
        Assert.Equal("$3", Pick("-x y", sessions).SessionId);
    }

    [Fact]
    public void Control_characters_in_names_are_printed_as_question_marks() =>
        Assert.DoesNotContain('\u001b', Error(null, Session(One, "$1", "evil\u001b[2J"), Session(One, "$2", "b")));
}
