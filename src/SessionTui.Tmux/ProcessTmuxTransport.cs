using System.Globalization;
using System.Security.Cryptography;
using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>
/// Runs a whole batch as one spawned tmux client: <c>tmux -u &lt;socket args&gt; display-message -p M0 ; cmd0 ; display-message -p M1 ; cmd1 ...</c>
/// (a lone <c>;</c> argument separates commands). Each marker <c>__stui_&lt;nonce&gt;_&lt;i&gt;__</c> carries a random nonce per call,
/// so stdout splits back into per-command outputs whatever the commands print. When a command fails, tmux 3.3a prints its error
/// on stderr, exits 1 and skips the rest: the command after the last marker seen failed, the rest did not run. tmux exiting 0
/// without printing every marker breaks that contract and is reported as a <see cref="TmuxCommandException"/>.
/// </summary>
/// <remarks>
/// <c>-u</c> is always passed: without a UTF-8 locale tmux replaces every non-ASCII character of its output with <c>_</c>.
/// The client's stdin carries the one <see cref="TmuxCommand.Input"/> of a batch, if any (for <c>load-buffer -</c>), else it is closed.
/// <c>TMUX</c> and <c>TMUX_PANE</c> are unset, so the caller's own tmux cannot become the "current" target of a command.
/// </remarks>
public sealed class ProcessTmuxTransport : ITmuxTransport
{
    private readonly IProcessRunner _runner;
    private readonly string _tmuxPath;
    private long _spawned;

    /// <summary>Creates the transport.</summary>
    /// <param name="runner">Runs the tmux client processes.</param>
    /// <param name="tmuxPath">The tmux program: a name on <c>PATH</c> or a path.</param>
    public ProcessTmuxTransport(IProcessRunner runner, string tmuxPath = "tmux")
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentException.ThrowIfNullOrEmpty(tmuxPath);
        _runner = runner;
        _tmuxPath = tmuxPath;
    }

    /// <summary>tmux processes spawned so far by this transport (read atomically), for the benchmark.</summary>
    public long Spawned => Interlocked.Read(ref _spawned);

    /// <summary>How long one batch may take before the tmux client is killed; default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TmuxCommandResult>> ExecuteAsync(
        ServerRef server,
        IReadOnlyList<TmuxCommand> commands,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count == 0)
        {
            return [];
        }

        var nonce = RandomNumberGenerator.GetHexString(12, lowercase: true);
        var markers = Enumerable.Range(0, commands.Count).Select(i => Marker(nonce, i)).ToArray();
        var arguments = Arguments(server, commands, markers);
        var inputs = commands.Where(c => c.Input is not null).Select(c => c.Input).ToList();
        if (inputs.Count > 1)
        {
            throw new ArgumentException("at most one command of a batch may have input (they share the client's stdin)", nameof(commands));
        }

        var spec = new ProcessSpec(_tmuxPath, arguments)
        {
            Timeout = Timeout,
            Environment = new Dictionary<string, string?> { ["TMUX"] = null, ["TMUX_PANE"] = null },
            StandardInput = inputs.FirstOrDefault(),
        };

        Interlocked.Increment(ref _spawned);
        var result = await _runner.RunAsync(spec, cancellationToken).ConfigureAwait(false);
        return Results(server, result, markers);
    }

    private static string Marker(string nonce, int index) =>
        "__stui_" + nonce + "_" + index.ToString(CultureInfo.InvariantCulture) + "__";

    private static List<string> Arguments(ServerRef server, IReadOnlyList<TmuxCommand> commands, string[] markers)
    {
        var arguments = new List<string> { "-u" };
        arguments.AddRange(server.SocketArgs);
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i] ?? throw new ArgumentException($"command {i} is null", nameof(commands));
            if (command.Args.Count == 0)
            {
                throw new ArgumentException($"command {i} has no arguments", nameof(commands));
            }

            if (i > 0)
            {
                arguments.Add(";");
            }

            arguments.AddRange(["display-message", "-p", markers[i], ";"]);
            arguments.AddRange(command.Args.Select(TmuxEscaping.CommandArgument));
        }

        return arguments;
    }

    private static TmuxCommandResult[] Results(ServerRef server, ProcessResult result, string[] markers)
    {
        var error = FirstLine(result.StandardError);
        if (error is not null && TmuxServerUnavailableException.IsUnavailable(error))
        {
            throw new TmuxServerUnavailableException(server, error);
        }

        var outputs = Split(result.StandardOutput, markers);
        var seen = Array.FindLastIndex(outputs, o => o is not null);
        if (result.ExitCode != 0 && seen < 0)
        {
            throw new TmuxCommandException(error ?? ExitedWith(result.ExitCode));
        }

        if (result.ExitCode == 0 && seen < markers.Length - 1)
        {
            throw new TmuxCommandException(
                $"tmux exited with code 0 but printed no marker for command {(seen + 1).ToString(CultureInfo.InvariantCulture)} of the batch");
        }

        var results = new TmuxCommandResult[markers.Length];
        for (var i = 0; i < markers.Length; i++)
        {
            results[i] = outputs[i] switch
            {
                null => new TmuxCommandResult(TmuxCommandStatus.NotRun, "", null),
                var output when result.ExitCode != 0 && i == seen =>
                    new TmuxCommandResult(TmuxCommandStatus.Failed, output, error ?? ExitedWith(result.ExitCode)),
                var output => new TmuxCommandResult(TmuxCommandStatus.Ok, output, null),
            };
        }

        return results;
    }

    private static string?[] Split(string stdout, string[] markers)
    {
        var outputs = new string?[markers.Length];
        var starts = new int[markers.Length];
        var found = 0;
        var position = 0;
        while (found < markers.Length)
        {
            var line = markers[found] + "\n";
            var at = stdout.IndexOf(line, position, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            position = at + line.Length;
            starts[found] = position;
            if (found > 0)
            {
                outputs[found - 1] = stdout[starts[found - 1]..at];
            }

            found++;
        }

        if (found > 0)
        {
            outputs[found - 1] = stdout[starts[found - 1]..];
        }

        return outputs;
    }

    private static string? FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? null : line;
    }

    private static string ExitedWith(int exitCode) =>
        "tmux exited with code " + exitCode.ToString(CultureInfo.InvariantCulture);
}
