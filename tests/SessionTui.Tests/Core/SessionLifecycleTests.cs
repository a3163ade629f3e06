using SessionTui.Core;
using SessionTui.Core.Engine;
using static SessionTui.Tests.Core.Given;

namespace SessionTui.Tests.Core;

public sealed class SessionLifecycleTests
{
    [Fact]
    public void A_session_missing_from_the_next_listing_vanished_with_its_last_screen()
    {
        var ends = SessionLifecycle.Ends([Session(1, "a"), Session(2, "b")], [Session(2, "b")], T0, pane => pane == "%1" ? "last" : null);

        var (end, name) = Assert.Single(ends);
        Assert.Equal(("a", EndReason.Vanished, "$1", "last"), (name, end.Reason, end.SessionId, end.LastScreen));
    }

    [Fact]
    public void A_pane_that_turns_dead_exited_once_with_its_status()
    {
        var alive = Session(1, "a");
        var dead = Session(1, "a", dead: true, status: 3);

        var first = SessionLifecycle.Ends([alive], [dead], T0, _ => null);
        var again = SessionLifecycle.Ends([dead], [dead], T0, _ => null);
        var gone = SessionLifecycle.Ends([dead], [], T0, _ => null);

        Assert.Equal((EndReason.Exited, (int?)3), (Assert.Single(first).End.Reason, first[0].End.ExitStatus));
        Assert.Empty(again);
        Assert.Empty(gone);
    }

    [Fact]
    public void A_session_id_reused_by_a_new_server_is_a_different_session()
    {
        var old = Session(1, "a", created: T0.AddHours(-1));
        var reused = Session(1, "a", created: T0);

        var ends = SessionLifecycle.Ends([old], [reused], T0, _ => null);

        Assert.Equal(EndReason.Vanished, Assert.Single(ends).End.Reason);
    }
}
