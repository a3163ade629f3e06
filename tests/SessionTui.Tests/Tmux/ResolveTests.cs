using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class ResolveTests
{
    private static readonly ServerRef One = TmuxServers.FromSocketPath("/tmp/one/sock");
    private static readonly ServerRef Two = TmuxServers.FromSocketPath("/tmp/two/sock");

    private static readonly SessionInfo[] Sessions =
    [
        Session(One, "$1", "api"),
        Session(One, "$2", "api-prod"),
        Session(One, "$3", "API"),
        Session(Two, "$1", "web"),
        Session(Two, "$4", "api-prod"),
    ];

    private static SessionInfo Session(ServerRef server, string id, string name) =>
        new(server, id, name, DateTimeOffset.UnixEpoch, 0, 1, new PaneInfo(
            "%0", 1, "sh", "/", false, null, null, 24, DateTimeOffset.UnixEpoch));

    private static IEnumerable<string> Keys(IReadOnlyList<SessionInfo> sessions) => sessions.Select(s => s.Key);

    [Fact]
    public void A_name_never_matches_a_prefix_sibling() =>
        Assert.Equal([SessionKey.Of(One, "$1")], Keys(TmuxClient.Resolve(Sessions, "api")));

    [Fact]
    public void A_name_matches_exactly_and_case_sensitively() =>
        Assert.Equal([SessionKey.Of(One, "$3")], Keys(TmuxClient.Resolve(Sessions, "API")));

    [Fact]
    public void An_id_matches_that_id_on_every_server() =>
        Assert.Equal([SessionKey.Of(One, "$1"), SessionKey.Of(Two, "$1")], Keys(TmuxClient.Resolve(Sessions, "$1")));

    [Fact]
    public void The_same_name_on_two_servers_gives_two_matches() =>
        Assert.Equal([SessionKey.Of(One, "$2"), SessionKey.Of(Two, "$4")], Keys(TmuxClient.Resolve(Sessions, "api-prod")));

    [Theory]
    [InlineData("ap")]
    [InlineData("=api")]
    [InlineData("$9")]
    [InlineData("")]
    public void Nothing_else_matches(string nameOrId) => Assert.Empty(TmuxClient.Resolve(Sessions, nameOrId));
}
