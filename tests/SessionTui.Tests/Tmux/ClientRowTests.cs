using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class ClientRowTests
{
    [Fact]
    public void The_format_is_the_one_the_fixtures_were_captured_with() =>
        Assert.Equal(TmuxFixtures.Read("client-format.txt"), ClientRow.Format(TmuxFixtures.Nonce).Text);

    [Fact]
    public void Control_mode_clients_are_told_from_terminal_clients()
    {
        var clients = ClientRow.Parse(TmuxFixtures.Read("list-clients.txt"), TmuxFixtures.Nonce);

        Assert.Equal(2, clients.Count);
        Assert.Equal([new ClientRow("$0", ControlMode: true), new ClientRow("$1", ControlMode: false)], clients);
    }

    [Fact]
    public void A_client_without_a_session_has_no_session_id()
    {
        var format = ClientRow.Format("abcd1234");
        var output = "\u001e" + "abcd1234" + "\u001f" + "abcd12340\n";

        var client = Assert.Single(format.Parse(output));

        Assert.Null(ClientRow.Parse(output, "abcd1234")[0].SessionId);
        Assert.Equal(["", "0"], client);
    }
}
