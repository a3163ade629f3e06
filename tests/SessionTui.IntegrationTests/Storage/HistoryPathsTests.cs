using SessionTui.Core;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.Storage;

public sealed class HistoryPathsTests
{
    [Fact]
    public void The_default_database_lives_under_an_absolute_XDG_STATE_HOME() =>
        Assert.Equal(
            "/var/state/dev/sessiontui/sessiontui.db",
            HistoryPaths.Default(Env(("XDG_STATE_HOME", "/var/state/dev"), ("HOME", "/home/dev"))));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("relative/state")]
    public void The_default_database_falls_back_to_HOME_when_XDG_STATE_HOME_is_unset_empty_or_relative(string? stateHome) =>
        Assert.Equal(
            "/home/dev/.local/state/sessiontui/sessiontui.db",
            HistoryPaths.Default(Env(("XDG_STATE_HOME", stateHome), ("HOME", "/home/dev"))));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("home")]
    public void Without_an_absolute_HOME_or_XDG_STATE_HOME_the_default_fails_clearly(string? home)
    {
        var e = Assert.Throws<HistoryStoreException>(() => HistoryPaths.Default(Env(("HOME", home))));
        Assert.Equal("cannot locate the history database: neither XDG_STATE_HOME nor HOME is set to an absolute path", e.Message);
    }

    private static Func<string, string?> Env(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
