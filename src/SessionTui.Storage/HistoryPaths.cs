using SessionTui.Core;

namespace SessionTui.Storage;

/// <summary>Where the history database lives.</summary>
public static class HistoryPaths
{
    /// <summary>
    /// The default database path, following the XDG Base Directory specification (state data):
    /// <c>$XDG_STATE_HOME/sessiontui/sessiontui.db</c> when <c>XDG_STATE_HOME</c> is an absolute path, else
    /// <c>$HOME/.local/state/sessiontui/sessiontui.db</c>. A relative or empty <c>XDG_STATE_HOME</c> is ignored, as the
    /// specification requires.
    /// </summary>
    /// <param name="getEnv">Reads an environment variable by name; null when it is not set
    /// (e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <returns>An absolute file path; neither the folder nor the file need exist.</returns>
    /// <exception cref="HistoryStoreException">Neither <c>XDG_STATE_HOME</c> nor <c>HOME</c> is an absolute path.</exception>
    public static string Default(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        var stateHome = getEnv("XDG_STATE_HOME");
        if (IsAbsolute(stateHome))
        {
            return Path.Join(stateHome, "sessiontui", "sessiontui.db");
        }

        var home = getEnv("HOME");
        if (IsAbsolute(home))
        {
            return Path.Join(home, ".local", "state", "sessiontui", "sessiontui.db");
        }

        throw new HistoryStoreException("cannot locate the history database: neither XDG_STATE_HOME nor HOME is set to an absolute path");
    }

    private static bool IsAbsolute(string? path) => !string.IsNullOrEmpty(path) && Path.IsPathFullyQualified(path);
}
