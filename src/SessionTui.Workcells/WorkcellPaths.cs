using SessionTui.Core;

namespace SessionTui.Workcells;

/// <summary>
/// Where workcells live (XDG Base Directory specification): state under <c>$XDG_STATE_HOME/sessiontui</c> (else
/// <c>$HOME/.local/state/sessiontui</c>): the run folders in <c>runs/</c> and the stable tmux socket <c>tmux.sock</c>;
/// the user's configuration under <c>$XDG_CONFIG_HOME/sessiontui</c> (else <c>$HOME/.config/sessiontui</c>).
/// </summary>
/// <param name="StateDir">Absolute state folder of SessionTui.</param>
/// <param name="ConfigDir">Absolute configuration folder of SessionTui.</param>
public sealed record WorkcellPaths(string StateDir, string ConfigDir)
{
    /// <summary>Label of the stable workcell server in the wall and the CLI.</summary>
    public const string ServerLabel = "workcells";

    /// <summary>The folder holding one folder per run.</summary>
    public string RunsDir => Path.Join(StateDir, "runs");

    /// <summary>The loop locks' folder (<c>loops/</c>).</summary>
    public string LoopsDir => Path.Join(StateDir, "loops");

    /// <summary>The stable socket workcells run on by default: not under <c>/tmp</c>, which systemd-tmpfiles and reboots reap.</summary>
    public string SocketPath => Path.Join(StateDir, "tmux.sock");

    /// <summary>The user's configuration file (agent presets, per-repository rules); it need not exist.</summary>
    public string ConfigFile => Path.Join(ConfigDir, "config.json");

    /// <summary>The stable workcell server (<c>tmux -S SocketPath</c>).</summary>
    public ServerRef Server => new(ServerLabel, ["-S", SocketPath], SocketPath);

    /// <summary>The paths from the environment.</summary>
    /// <param name="getEnv">Reads an environment variable; null when unset.</param>
    /// <exception cref="InvalidOperationException">Neither the XDG variable nor <c>HOME</c> is an absolute path.</exception>
    public static WorkcellPaths FromEnvironment(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        return new(Folder(getEnv, "XDG_STATE_HOME", ".local/state"), Folder(getEnv, "XDG_CONFIG_HOME", ".config"));
    }

    /// <summary>Creates the state folder (mode 0700) so that tmux can create its socket there.</summary>
    /// <exception cref="IOException">It cannot be created.</exception>
    public void EnsureStateDir()
    {
        Directory.CreateDirectory(StateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(RunsDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string Folder(Func<string, string?> getEnv, string variable, string underHome)
    {
        var xdg = getEnv(variable);
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathFullyQualified(xdg))
        {
            return Path.Join(xdg, "sessiontui");
        }

        var home = getEnv("HOME");
        return !string.IsNullOrEmpty(home) && Path.IsPathFullyQualified(home)
            ? Path.Join(home, underHome, "sessiontui")
            : throw new InvalidOperationException($"cannot locate SessionTui's folders: neither {variable} nor HOME is an absolute path");
    }
}
