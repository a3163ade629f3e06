using System.Diagnostics;
using SessionTui.IntegrationTests.Support;

namespace SessionTui.IntegrationTests.EndToEnd;

/// <summary>Every way out of the wall leaves the terminal as it found it, and the wall never outlives its terminal.</summary>
public sealed class WallLifecycleTests
{
    [Fact]
    public void Ctrl_C_quits_with_0_and_restores_the_terminal()
    {
        using var wall = new WallHarness(80, 24);
        wall.Start();
        Assert.Equal("1", wall.PaneFormat("#{alternate_on}"));

        wall.Keys("C-c");

        Assert.Equal(0, wall.WaitForExit());
        AssertRestored(wall);
    }

    [Fact]
    public void SIGHUP_restores_the_terminal_and_exits_129()
    {
        using var wall = new WallHarness(80, 24);
        wall.Start();

        wall.Signal("HUP");

        Assert.Equal(129, wall.WaitForExit());
        AssertRestored(wall);
    }

    [Fact]
    public void A_failure_in_the_loop_restores_the_terminal_and_says_so_in_one_line()
    {
        // Given a wall whose Update throws on the refresh key (a test hook standing for a bug)
        using var wall = new WallHarness(80, 24, new Dictionary<string, string> { ["SESSIONTUI_FAULT"] = "RefreshRequested" });
        wall.Start();

        wall.Keys("r");

        Assert.Equal(1, wall.WaitForExit());
        AssertRestored(wall);
        var screen = wall.Screen();
        Assert.Contains("sessiontui: the wall failed: fault injected for RefreshRequested", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Killing_the_outer_tmux_server_ends_the_wall_within_two_seconds()
    {
        // Given the wall running in a pane of the host server (its terminal)
        using var wall = new WallHarness(80, 24);
        wall.Start();
        var pid = wall.WallPid();

        // When that server (and so the terminal) goes away
        var clock = Stopwatch.StartNew();
        wall.Host.KillServer();

        // Then the wall process is gone within 2 s, not spinning on the hung-up terminal
        TmuxTestServer.WaitUntil(() => !Directory.Exists("/proc/" + pid) || IsZombie(pid), TimeSpan.FromSeconds(2), "the wall to exit after its terminal went away");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Mouse_reporting_is_buttons_and_wheel_only_and_no_mouse_turns_it_off()
    {
        using (var wall = new WallHarness(80, 24))
        {
            wall.Start();
            Assert.Equal("all=0 button=0 standard=1 sgr=1", wall.PaneFormat("all=#{mouse_all_flag} button=#{mouse_button_flag} standard=#{mouse_standard_flag} sgr=#{mouse_sgr_flag}"));
        }

        using (var quiet = new WallHarness(80, 24, "--no-mouse"))
        {
            quiet.Start();
            Assert.Equal("any=0 sgr=0", quiet.PaneFormat("any=#{mouse_any_flag} sgr=#{mouse_sgr_flag}"));
        }
    }

    [Fact]
    public void A_Terminal_Gui_config_file_in_the_working_directory_changes_nothing()
    {
        // Given a .tui/config.json where the wall starts, asking Terminal.Gui for other button brackets
        using var wall = new WallHarness(120, 40);
        Directory.CreateDirectory(Path.Join(wall.WorkingDirectory, ".tui"));
        File.WriteAllText(Path.Join(wall.WorkingDirectory, ".tui", "config.json"), """{ "Glyphs": { "LeftBracket": "<", "RightBracket": ">" } }""");
        wall.Watched.NewSession("target", "sh", "-c", "echo here; exec sleep 600");
        wall.Start();
        wall.WaitForText("here");

        // When the kill dialog (Terminal.Gui buttons) opens
        wall.Keys("x");
        var dialog = wall.WaitForScreen(
            s => s.Contains("Kill session target", StringComparison.Ordinal) && (s.Contains("Cancel ⟧", StringComparison.Ordinal) || s.Contains("Cancel >", StringComparison.Ordinal)),
            "the kill dialog with its buttons");

        // Then its buttons keep Terminal.Gui's own brackets
        Assert.Contains("Cancel ⟧", dialog, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel >", dialog, StringComparison.Ordinal);
        wall.Keys("n");
    }

    private static void AssertRestored(WallHarness wall)
    {
        Assert.Equal("0", wall.PaneFormat("#{alternate_on}"));
        Assert.Equal("1", wall.PaneFormat("#{cursor_flag}"));
        Assert.Equal("any=0 sgr=0", wall.PaneFormat("any=#{mouse_any_flag} sgr=#{mouse_sgr_flag}"));
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
        }
        catch (IOException)
        {
            return true;
        }
    }
}
