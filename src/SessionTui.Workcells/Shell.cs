using SessionTui.Tmux;

namespace SessionTui.Workcells;

/// <summary>Quoting for the two command strings a workcell hands to tmux: a POSIX <c>sh</c> command line (run-shell and
/// pipe-pane run theirs with <c>sh -c</c>), and a tmux command (a hook's command is parsed by tmux(1)'s own parser).</summary>
public static class Shell
{
    /// <summary>One word for <c>sh</c>: single-quoted, with <c>'</c> written as <c>'\''</c>.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>A literal word for a <c>sh</c> command line that tmux expands as a format first (run-shell, pipe-pane):
    /// quoted for sh, with <c>#</c> doubled (tmux(1) FORMATS).</summary>
    public static string FormatWord(string word) => TmuxEscaping.FormatLiteral(Quote(word));

    /// <summary>A string for tmux's command parser in double quotes: <c>\</c>, <c>"</c> and <c>$</c> escaped with a
    /// backslash (tmux(1) PARSING SYNTAX), so that the parser hands <paramref name="text"/> on unchanged.</summary>
    public static string TmuxDoubleQuoted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal) + "\"";
    }
}

/// <summary>How this program starts itself from a tmux hook or pipe: the native binary, or the dotnet host with the app's
/// dll (tests and <c>dotnet run</c>).</summary>
/// <param name="Prefix">argv that starts <c>sessiontui</c>; subcommands follow.</param>
public sealed record SelfCommand(IReadOnlyList<string> Prefix)
{
    /// <summary>This process: <see cref="Environment.ProcessPath"/>, plus the app's dll when that is the dotnet host.</summary>
    public static SelfCommand Current()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where this program is (no process path)");
        return string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.Ordinal)
            ? new SelfCommand([path, Path.Join(AppContext.BaseDirectory, "sessiontui.dll")])
            : new SelfCommand([path]);
    }

    /// <summary>An sh command line <c>exec sessiontui ARGS TAIL</c> with literal <paramref name="args"/> then raw (already
    /// quoted, format-bearing) <paramref name="rawTail"/>, for a tmux run-shell or pipe-pane.</summary>
    public string ShellLine(IEnumerable<string> args, string rawTail = "") => "exec " + Words(args) + rawTail;

    /// <summary><c>sessiontui ARGS</c> as sh words for a command line tmux expands as a format (quoted, <c>#</c> doubled).</summary>
    public string Words(IEnumerable<string> args) => string.Join(' ', Prefix.Concat(args).Select(Shell.FormatWord));
}
