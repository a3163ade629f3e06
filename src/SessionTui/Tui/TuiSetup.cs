using SessionTui.Ui.Input;
using Terminal.Gui.App;
using Terminal.Gui.Configuration;
using Terminal.Gui.Drivers;

namespace SessionTui.Tui;

/// <summary>
/// How the wall configures Terminal.Gui 2.5.0, each setting answering a measured behaviour of that version (see the
/// project's ARCHITECTURE.md, "Facts measured"):
/// <list type="bullet">
/// <item>its own configuration files are off: on load Terminal.Gui reads <c>~/.tui/config.json</c>,
/// <c>./.tui/config.json</c> and <c>$TUI_CONFIG</c>, so a file in whatever directory the wall starts from could change its
/// keys or look; <see cref="ResetConfiguration"/> re-applies the library defaults without those sources;</item>
/// <item>at most <see cref="IterationsPerSecond"/> main-loop iterations a second (25 by default);</item>
/// <item>after <c>Init</c> (<see cref="Configure"/>): no application-level key bindings (its Quit key is Esc, Ctrl-Z
/// suspends, arrows move focus) — every key the wall answers comes from its key map — and Esc followed at once by a key,
/// which arrives as Alt+key, replayed as both (<see cref="KeyAdapter.SplitEscapeThenKey"/>); the cursor flag cleared at every
/// iteration (nothing else clears it, so each iteration re-sent <c>ESC[?25l ESC[1;1H</c>, ~300 B/s while idle); mouse
/// reporting narrowed to buttons and wheel (it switches on any-motion reporting, 1003, which floods an SSH link and takes
/// tmux's own selection away), or off; a window title (it blanks the pane title otherwise); and an empty <c>NO_COLOR</c>
/// not treated as set (it downgrades to 16 colours for any <c>NO_COLOR</c>, even empty; a non-empty one gets the wall's
/// own monochrome theme instead).</item>
/// </list>
/// </summary>
internal static class TuiSetup
{
    /// <summary>Main-loop iterations per second: a key waits at most 50 ms for its iteration.</summary>
    public const ushort IterationsPerSecond = 20;

    /// <summary>Mouse modes after Init: any-motion (1003) and urxvt (1015) reporting off, button (1000) and SGR (1006) on.</summary>
    public const string MouseButtonsOnly = "\u001b[?1003l\u001b[?1015l\u001b[?1000h\u001b[?1006h";

    /// <summary>Mouse reporting off entirely (<c>--no-mouse</c>).</summary>
    public const string MouseOff = "\u001b[?1003l\u001b[?1015l\u001b[?1006l\u001b[?1000l";

    /// <summary>Button reporting off: Terminal.Gui's own shutdown turns off only the modes it turned on.</summary>
    public const string MouseButtonsOff = "\u001b[?1000l";

    private static int _reset;

    /// <summary>Process-wide, once: Terminal.Gui's configuration back to its library defaults without user files or
    /// <c>$TUI_CONFIG</c>, and the iteration rate.</summary>
    public static void ResetConfiguration()
    {
        if (Interlocked.Exchange(ref _reset, 1) == 1)
        {
            return;
        }

        Application.MaximumIterationsPerSecond = IterationsPerSecond;
        var home = Environment.GetEnvironmentVariable("HOME");
        var tuiConfig = Environment.GetEnvironmentVariable("TUI_CONFIG");
        var empty = Directory.CreateTempSubdirectory("sessiontui-no-tui-config-");
        try
        {
            // The builder reads ~/.tui (HOME), <dir>/.tui and $TUI_CONFIG. HOME and the directory point at an empty folder
            // that exists (a HOME that does not exist makes .NET's user profile "", and ~/.tui then resolves against the
            // current directory), and the variable is hidden: only the library's embedded defaults are left.
            Environment.SetEnvironmentVariable("HOME", empty.FullName);
            Environment.SetEnvironmentVariable("TUI_CONFIG", null);
            new TuiConfigurationBuilder("sessiontui", empty.FullName).ApplyToStaticFacades();
        }
        finally
        {
            Environment.SetEnvironmentVariable("HOME", home);
            Environment.SetEnvironmentVariable("TUI_CONFIG", tuiConfig);
            empty.Delete(recursive: true);
        }
    }

    /// <summary>Per application, right after <c>Init</c>: the settings listed on <see cref="TuiSetup"/>.</summary>
    /// <param name="app">The initialized application.</param>
    /// <param name="mouse">Whether to report mouse buttons and the wheel.</param>
    public static void Configure(IApplication app, bool mouse)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Keyboard.KeyBindings.Clear();
        KeyAdapter.SplitEscapeThenKey(app);
        app.Iteration += (_, _) => app.Driver?.SetCursorNeedsUpdate(false);
        if (Environment.GetEnvironmentVariable("NO_COLOR") is { Length: 0 }
            && TerminalEnvironmentDetector.DetectColorCapabilities() is var caps
            && caps.Term is not ("dumb" or "linux"))
        {
            Driver.Force16Colors = false;
            if (app.Driver is { } d)
            {
                d.Force16Colors = false;
            }
        }

        app.Driver?.WriteRaw(mouse ? MouseButtonsOnly : MouseOff);
        app.Driver?.SetTerminalTitle("SessionTui");
    }
}
