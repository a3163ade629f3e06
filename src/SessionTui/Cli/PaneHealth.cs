namespace SessionTui.Cli;

/// <summary>The registry's health word of a listed session's pane, from tmux's dead flag and the process table
/// (<c>/proc/PID/stat</c>, proc(5)).</summary>
internal static class PaneHealth
{
    /// <summary><c>dead</c> when tmux says the pane's process ended; <c>zombie</c> when tmux shows it alive but
    /// <c>/proc/PID</c> is gone or its state is <c>Z</c> (exited, not reaped); else <c>alive</c>. Where there is no
    /// <c>/proc</c> (macOS) a live pane is <c>alive</c>.</summary>
    public static string Of(Core.PaneInfo pane)
    {
        if (pane.Dead)
        {
            return "dead";
        }

        if (!Directory.Exists("/proc/self") || pane.Pid <= 0)
        {
            return "alive";
        }

        try
        {
            var stat = File.ReadAllText("/proc/" + pane.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z' ? "zombie" : "alive";
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "zombie";
        }
        catch (IOException)
        {
            return "alive";
        }
    }
}
