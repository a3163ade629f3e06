namespace SessionTui.IntegrationTests.EndToEnd;

/// <summary>The wall's agent states end to end: fake agents print the shared samples' screens (and set their titles), two
/// more exit 2 and die by SIGKILL; the cards show each state's badge, the header counts them, and Tab walks the sessions that
/// need you.</summary>
public sealed class WallStatesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stui-states-").FullName;

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Cards_show_each_agents_true_state_the_header_counts_them_and_Tab_walks_those_that_need_you()
    {
        using var wall = new WallHarness(150, 45);
        Agent(wall, "a-working", "claude-working.txt");
        Agent(wall, "b-waiting", "claude-waiting-permission.txt");
        Agent(wall, "c-idle", "claude-idle.txt");
        Agent(wall, "d-limited", "claude-usage-limit.txt");
        Agent(wall, "e-auth", "claude-auth-401.txt");
        Ending(wall, "f-exited", "echo 'tests failed'; sleep 1; exit 2");
        Ending(wall, "g-dead", "echo 'segfault soon'; sleep 1; kill -9 $$");

        wall.Start();

        var screen = wall.WaitForScreen(
            s => s.Contains("● working", StringComparison.Ordinal) && s.Contains("◆ waiting", StringComparison.Ordinal)
                && s.Contains("○ idle", StringComparison.Ordinal) && s.Contains("◔ limit · resets", StringComparison.Ordinal)
                && s.Contains("⊘ auth failed", StringComparison.Ordinal) && s.Contains("✗ exited 2", StringComparison.Ordinal)
                && s.Contains("✗ dead SIGKILL", StringComparison.Ordinal),
            "every state's badge",
            TimeSpan.FromSeconds(30));
        var header = screen.Split('\n')[0];
        Assert.Contains("7 sessions · 1 working · 1 waiting · 1 limited · 1 auth failed · 1 idle · 1 exited · 1 dead", header, StringComparison.Ordinal);
        var footer = screen.TrimEnd().Split('\n')[^1];
        Assert.True(footer.Contains("⇥ needs you", StringComparison.Ordinal), "footer: " + footer);

        // Tab walks b-waiting, d-limited, e-auth, f-exited, g-dead and wraps; Shift-Tab goes back
        foreach (var (name, badge) in new[] { ("b-waiting", "waiting"), ("d-limited", "limit · resets"), ("e-auth", "auth failed"), ("f-exited", "exited 2"), ("g-dead", "dead SIGKILL"), ("b-waiting", "waiting") })
        {
            wall.Keys("Tab");
            var after = wall.WaitForText(name + " needs you: " + badge);
            Assert.Contains("┏━ " + name + " ", after, StringComparison.Ordinal);
        }

        wall.Keys("BTab");
        wall.WaitForText("g-dead needs you: dead SIGKILL");

        // And the urgency sort puts them first: auth, waiting, limited, then dead and exited, then working and idle
        wall.Keys("s", "s", "s");
        var sorted = wall.WaitForText("sorted by urgency");
        var order = new[] { "e-auth", "b-waiting", "d-limited", "g-dead", "f-exited", "a-working", "c-idle" }.Select(n => System.Text.RegularExpressions.Regex.Match(sorted, "[─━] " + n + " ") is { Success: true } m ? m.Index : -1).ToList();
        Assert.All(order, i => Assert.True(i >= 0));
        Assert.Equal(order.Order(), order);
    }

    private void Agent(WallHarness wall, string name, string sample)
    {
        var lines = File.ReadAllLines(Path.Join(SamplesDir(), sample));
        var header = lines.TakeWhile(l => l.StartsWith("# ", StringComparison.Ordinal)).ToList();
        var title = header.FirstOrDefault(l => l.StartsWith("# title: ", StringComparison.Ordinal))?["# title: ".Length..] ?? "";
        var body = Path.Join(_dir, name + ".txt");
        File.WriteAllLines(body, lines.Skip(header.Count));
        wall.Watched.Tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "30", "--", "sh", "-c", "printf '\\033]2;%s\\007' \"$1\"; cat \"$2\"; exec sleep 600", "sh", title, body);
    }

    private static void Ending(WallHarness wall, string name, string script) =>
        wall.Watched.Tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "30", "--", "sh", "-c", script, ";", "set-option", "-p", "remain-on-exit", "on");

    private static string SamplesDir()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Join(dir, "..", "shared", "agent-states")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Join(dir ?? throw new InvalidOperationException("../shared/agent-states was not found beside the repository"), "..", "shared", "agent-states", "samples");
    }
}
