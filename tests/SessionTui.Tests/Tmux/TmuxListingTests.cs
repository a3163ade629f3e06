using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class TmuxListingTests
{
    private static readonly ServerRef Server = TmuxServers.FromSocketPath("/tmp/stui-fixture/sock");
    private static readonly IReadOnlyList<ClientRow> Clients = ClientRow.Parse(TmuxFixtures.Read("list-clients.txt"), TmuxFixtures.Nonce);

    private static IReadOnlyList<SessionInfo> FromFixture(string name) =>
        TmuxListing.Sessions(Server, PaneRow.Parse(TmuxFixtures.Read(name), TmuxFixtures.Nonce), Clients);

    [Fact]
    public void Each_session_comes_with_the_active_pane_of_its_current_window()
    {
        // Given api, whose current window @0 is split (%0, %1 active) and whose other window @1 holds %2
        var sessions = FromFixture("list-panes-all.txt");

        // Then api appears once, with %1
        var api = Assert.Single(sessions, s => s.Name == "api");
        Assert.Equal(("$0", "%1", 2), (api.SessionId, api.ActivePane.PaneId, api.WindowCount));
        Assert.Equal(10, sessions.Count);
    }

    [Fact]
    public void The_server_side_filter_gives_the_same_sessions_as_the_full_listing() =>
        Assert.Equal(FromFixture("list-panes-all.txt"), FromFixture("list-panes-active.txt"));

    [Fact]
    public void Sessions_keep_tmux_order_and_their_server()
    {
        var sessions = FromFixture("list-panes-active.txt");

        Assert.Equal(["$4", "$5", "$0", "$1", "$8", "$9", "$2", "$6", "$7", "$3"], sessions.Select(s => s.SessionId));
        Assert.All(sessions, s => Assert.Same(Server, s.Server));
    }

    [Fact]
    public void Attached_clients_count_terminals_and_not_control_mode_clients()
    {
        // Given a control-mode client on api and a terminal client on api-prod
        var sessions = FromFixture("list-panes-active.txt");

        Assert.Equal(0, sessions.Single(s => s.Name == "api").AttachedClients);
        Assert.Equal(1, sessions.Single(s => s.Name == "api-prod").AttachedClients);
        Assert.Equal(0, sessions.Single(s => s.Name == "exited").AttachedClients);
    }
}
