using System.CommandLine;
using SessionTui.Core;
using SessionTui.Storage;
using SessionTui.Tmux;
using SessionTui.Workcells;

namespace SessionTui.Cli;

/// <summary>The options every command takes: servers, database, theme, refresh interval.</summary>
public sealed class GlobalOptions
{
    /// <summary><c>-L NAME</c>: a server by socket name (repeatable).</summary>
    public Option<string[]> SocketName { get; } = new("--socket-name", "-L")
    {
        Description = "watch the tmux server on socket NAME (in $TMUX_TMPDIR or /tmp, tmux-UID/NAME); repeatable",
        Recursive = true,
        HelpName = "NAME",
    };

    /// <summary><c>-S PATH</c>: a server by socket path (repeatable).</summary>
    public Option<string[]> SocketPath { get; } = new("--socket-path", "-S")
    {
        Description = "watch the tmux server on socket PATH; repeatable",
        Recursive = true,
        HelpName = "PATH",
    };

    /// <summary><c>--db PATH</c>: history database.</summary>
    public Option<string?> Db { get; } = new("--db")
    {
        Description = "history database [default: $XDG_STATE_HOME/sessiontui/sessiontui.db]",
        Recursive = true,
        HelpName = "PATH",
    };

    /// <summary><c>--theme NAME|PATH</c>.</summary>
    public Option<string?> Theme { get; } = new("--theme")
    {
        Description = "theme: default, light, high-contrast, a name from $XDG_CONFIG_HOME/sessiontui/themes, or a path to a .json",
        Recursive = true,
        HelpName = "NAME|PATH",
    };

    /// <summary><c>--interval MS</c>: refresh interval.</summary>
    public Option<int> Interval { get; } = new("--interval")
    {
        Description = "refresh interval in milliseconds (100 or more)",
        Recursive = true,
        HelpName = "MS",
        DefaultValueFactory = _ => 1000,
    };

    /// <summary><c>--idle-after SECONDS</c>: quiet time that makes a card idle.</summary>
    public Option<int> IdleAfter { get; } = new("--idle-after")
    {
        Description = "seconds without output before a session shows as idle",
        Recursive = true,
        HelpName = "SECONDS",
        DefaultValueFactory = _ => (int)WallSettings.Default.IdleAfter.TotalSeconds,
    };

    /// <summary><c>--stuck-after DURATION</c>: no output change that turns a working agent stuck.</summary>
    public Option<string?> StuckAfter { get; } = new("--stuck-after")
    {
        Description = "no output change for this long turns a working agent stuck: 30s, 10m, 2h [default: 10m]",
        Recursive = true,
        HelpName = "DURATION",
    };

    /// <summary><c>--no-mouse</c>: leave the mouse to the terminal (tmux's own selection).</summary>
    public Option<bool> NoMouse { get; } = new("--no-mouse")
    {
        Description = "do not report mouse clicks and the wheel to the wall (keeps the terminal's own selection)",
        Recursive = true,
    };

    /// <summary>Adds the options to the root command, with validation.</summary>
    public void AddTo(RootCommand root)
    {
        StuckAfter.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && (!Durations.TryParse(text, out var d) || d < TimeSpan.FromSeconds(1)))
            {
                r.AddError($"--stuck-after: '{text}' is not a duration of 1s or more (write e.g. 30s, 10m, 2h)");
            }
        });
        IdleAfter.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--idle-after must be at least 1 (seconds)");
            }
        });
        Interval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 100)
            {
                r.AddError("--interval must be at least 100 (milliseconds)");
            }
        });
        root.Options.Add(SocketName);
        root.Options.Add(SocketPath);
        root.Options.Add(Db);
        root.Options.Add(Theme);
        root.Options.Add(Interval);
        root.Options.Add(IdleAfter);
        root.Options.Add(StuckAfter);
        root.Options.Add(NoMouse);
    }

    /// <summary>The servers to watch: the default socket, the stable workcell socket, plus every <c>-L</c> and <c>-S</c> given.</summary>
    public IReadOnlyList<ServerRef> Servers(ParseResult result)
    {
        var uid = TmuxServers.CurrentUid();
        var servers = new List<ServerRef> { TmuxServers.Default(Environment.GetEnvironmentVariable, uid) };
        if (WorkcellServer() is { } workcells)
        {
            servers.Add(workcells);
        }

        servers.AddRange((result.GetValue(SocketName) ?? []).Select(n => TmuxServers.FromSocketName(n, Environment.GetEnvironmentVariable, uid)));
        servers.AddRange((result.GetValue(SocketPath) ?? []).Select(TmuxServers.FromSocketPath));
        return servers.Distinct().ToList();
    }

    /// <summary>The servers watched without the user naming them (each left out while no server runs there, instead of
    /// showing as down): the stable workcell socket, unless <c>-S</c> named it; and the default socket when <c>-L</c> or
    /// <c>-S</c> named others.</summary>
    public IReadOnlyList<ServerRef> ImplicitServers(ParseResult result, IReadOnlyList<ServerRef> servers)
    {
        var named = Named(result);
        var uid = TmuxServers.CurrentUid();
        var defaultServer = TmuxServers.Default(Environment.GetEnvironmentVariable, uid);
        var implicitServers = new List<ServerRef>();
        if (named.Count > 0 && !named.Contains(defaultServer) && servers.Contains(defaultServer))
        {
            implicitServers.Add(defaultServer);
        }

        if (WorkcellServer() is { } workcells && !named.Contains(workcells) && servers.Contains(workcells))
        {
            implicitServers.Add(workcells);
        }

        return implicitServers;
    }

    /// <summary>The default socket when no <c>-L</c> or <c>-S</c> was given and the workcell socket is watched beside it: it
    /// is then left out while no server runs there but the workcell server answers (see <see cref="WallState.Fallback"/>).</summary>
    public IReadOnlyList<ServerRef> FallbackServers(ParseResult result, IReadOnlyList<ServerRef> servers)
    {
        var defaultServer = TmuxServers.Default(Environment.GetEnvironmentVariable, TmuxServers.CurrentUid());
        return Named(result).Count == 0 && servers.Count > 1 && servers.Contains(defaultServer) ? [defaultServer] : [];
    }

    /// <summary>The server a launch goes to: the first <c>-L</c> or <c>-S</c> given, else the stable workcell socket.</summary>
    /// <exception cref="InvalidOperationException">Neither XDG_STATE_HOME nor HOME locates the stable socket.</exception>
    public ServerRef LaunchServer(ParseResult result) =>
        Named(result).FirstOrDefault() ?? WorkcellPaths.FromEnvironment(Environment.GetEnvironmentVariable).Server;

    private static ServerRef? WorkcellServer()
    {
        try
        {
            return WorkcellPaths.FromEnvironment(Environment.GetEnvironmentVariable).Server;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private List<ServerRef> Named(ParseResult result)
    {
        var uid = TmuxServers.CurrentUid();
        return [
            .. (result.GetValue(SocketName) ?? []).Select(n => TmuxServers.FromSocketName(n, Environment.GetEnvironmentVariable, uid)),
            .. (result.GetValue(SocketPath) ?? []).Select(TmuxServers.FromSocketPath),
        ];
    }

    /// <summary>The folder of the user's own themes: <c>$XDG_CONFIG_HOME/sessiontui/themes</c> when <c>XDG_CONFIG_HOME</c> is
    /// absolute, else <c>$HOME/.config/sessiontui/themes</c> (XDG Base Directory specification). It need not exist.</summary>
    public static string ThemesDir()
    {
        var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var root = Path.IsPathRooted(configHome)
            ? configHome
            : Path.Join(Environment.GetEnvironmentVariable("HOME") ?? "/", ".config");
        return Path.Join(root, "sessiontui", "themes");
    }

    /// <summary>The history database path.</summary>
    public string DbPath(ParseResult result) => result.GetValue(Db) is { Length: > 0 } path
        ? System.IO.Path.GetFullPath(path)
        : HistoryPaths.Default(Environment.GetEnvironmentVariable);

    /// <summary>The wall's settings from the options.</summary>
    /// <exception cref="SessionTui.Workcells.States.StateRuleException">A rule file in the user's <c>states</c> folder is not valid.</exception>
    public WallSettings Settings(ParseResult result)
    {
        var idle = TimeSpan.FromSeconds(result.GetValue(IdleAfter));
        var stuck = Durations.Parse(result.GetValue(StuckAfter) ?? "10m");
        var rules = SessionTui.Workcells.States.StateRules.Load(Path.Join(WorkcellPaths.FromEnvironment(Environment.GetEnvironmentVariable).ConfigDir, "states"));
        return WallSettings.Default with
        {
            IdleAfter = idle,
            StuckAfter = stuck,
            TimeZone = TimeZoneInfo.Local,
            Classifier = new SessionTui.Workcells.States.StateClassifier(rules, idle, stuck, TimeZoneInfo.Local),
        };
    }

    /// <summary>The refresh interval.</summary>
    public TimeSpan RefreshInterval(ParseResult result) => TimeSpan.FromMilliseconds(result.GetValue(Interval));
}
