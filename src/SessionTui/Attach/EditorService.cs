using SessionTui.Core;
using SessionTui.Tmux;

namespace SessionTui.Attach;

/// <summary>
/// Runs the user's editor on a file on the inherited terminal, as an attach runs tmux: <c>$EDITOR</c> split into words the
/// way <see cref="Argv.Split"/> does (so <c>code -w</c> works), or <c>vi</c> when it is unset or empty, with the file as
/// the last argument. The caller must have stopped reading the terminal.
/// </summary>
/// <param name="runner">Runs the editor with the terminal.</param>
/// <param name="getEnv">Reads <c>EDITOR</c>.</param>
public sealed class EditorService(IProcessRunner runner, Func<string, string?> getEnv)
{
    /// <summary>The editor's argv for <paramref name="path"/>.</summary>
    public ProcessSpec Command(string path)
    {
        var (words, error) = Argv.Split(getEnv("EDITOR") ?? "");
        if (error is not null || words.IsEmpty)
        {
            words = ["vi"];
        }

        return new ProcessSpec(words[0], [.. words.Skip(1), path]);
    }

    /// <summary>Edits <paramref name="path"/> until the editor exits.</summary>
    /// <returns>The editor's exit code.</returns>
    /// <exception cref="ExecutableNotFoundException">The editor is not on PATH.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the editor was killed).</exception>
    public Task<int> EditAsync(string path, CancellationToken cancellationToken = default) =>
        runner.RunInteractiveAsync(Command(path), cancellationToken);
}
