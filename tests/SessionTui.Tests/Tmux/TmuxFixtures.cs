using System.Text;

namespace SessionTui.Tests.Tmux;

/// <summary>Reads the real tmux output captured by <c>Fixtures/tmux/capture.sh</c>.</summary>
internal static class TmuxFixtures
{
    /// <summary>The nonce the fixture formats were captured with.</summary>
    public const string Nonce = "fixture0";

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "tmux", name), new UTF8Encoding(false));
}
