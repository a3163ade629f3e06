using System.Globalization;
using System.Text;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Verifying;

/// <summary>
/// Runs a run's verify command: <c>/bin/sh RUNDIR/verify.sh</c> (written by the launcher; it starts with <c>exec 2&gt;&amp;1</c>,
/// so stdout carries everything) in the run's working directory, through <see cref="IProcessRunner"/>, with a timeout.
/// The whole output goes to <c>RUNDIR/verify.log</c>; the exit code and the last <see cref="TailLineCount"/> lines are returned.
/// </summary>
public sealed class VerifyRunner
{
    /// <summary>The script's file name in the run folder.</summary>
    public const string ScriptFileName = "verify.sh";

    /// <summary>The output's file name in the run folder.</summary>
    public const string LogFileName = "verify.log";

    /// <summary>The exit code recorded when the command ran out of time (as timeout(1) reports it).</summary>
    public const int TimedOutExitCode = 124;

    /// <summary>How many lines of output the result keeps.</summary>
    public const int TailLineCount = 50;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private readonly IProcessRunner _runner;

    /// <summary>Creates a runner.</summary>
    /// <param name="runner">Runs <c>/bin/sh</c>.</param>
    public VerifyRunner(IProcessRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
    }

    /// <summary>How long a verify command may run unless told otherwise: 10 minutes.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Runs <c>/bin/sh RUNDIR/verify.sh</c> in <paramref name="cwd"/> and writes its output (stdout, then anything that reached
    /// stderr before the script's <c>exec 2&gt;&amp;1</c>) to <c>RUNDIR/verify.log</c>, replacing an older log. When the command
    /// outlives <paramref name="timeout"/> its process tree is killed, its output is lost (the runner buffers it), the exit
    /// code is <see cref="TimedOutExitCode"/>, and the log and the tail say so.
    /// </summary>
    /// <param name="runDir">The run folder holding <c>verify.sh</c>.</param>
    /// <param name="cwd">The run's working directory.</param>
    /// <param name="timeout">How long the command may run (positive, or <see cref="Timeout.InfiniteTimeSpan"/>); null for
    /// <see cref="DefaultTimeout"/>.</param>
    /// <param name="environment">Extra environment for the command (e.g. <c>SESSIONTUI_RUN_ID</c>), or null.</param>
    /// <param name="cancellationToken">Cancels the command: its process tree is killed and no log is written.</param>
    /// <returns>The exit code and the last <see cref="TailLineCount"/> lines of output, newline-separated, without a final newline.</returns>
    /// <exception cref="FileNotFoundException"><c>verify.sh</c> is not in <paramref name="runDir"/>.</exception>
    /// <exception cref="DirectoryNotFoundException"><paramref name="cwd"/> does not exist.</exception>
    /// <exception cref="ExecutableNotFoundException"><c>/bin/sh</c> does not exist.</exception>
    /// <exception cref="IOException"><c>verify.log</c> could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException"><c>verify.log</c> is not writable.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<VerifyResult> RunAsync(
        string runDir, string cwd, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runDir);
        ArgumentNullException.ThrowIfNull(cwd);
        var limit = timeout ?? DefaultTimeout;
        var script = Path.Join(runDir, ScriptFileName);
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"{script} does not exist", script);
        }

        int exit;
        string output;
        try
        {
            var result = await _runner.RunAsync(
                new ProcessSpec("/bin/sh", [script])
                {
                    WorkingDirectory = cwd,
                    Timeout = limit,
                    Environment = environment ?? new Dictionary<string, string?>(),
                },
                cancellationToken).ConfigureAwait(false);
            exit = result.ExitCode;
            output = result.StandardOutput + result.StandardError;
        }
        catch (TimeoutException)
        {
            exit = TimedOutExitCode;
            output = $"sessiontui: verify.sh timed out after {limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s and was killed; its output is lost\n";
        }

        await File.WriteAllTextAsync(Path.Join(runDir, LogFileName), output, Utf8, cancellationToken).ConfigureAwait(false);
        return new VerifyResult(exit, Tail(output));
    }

    private static string Tail(string output)
    {
        var lines = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - TailLineCount)));
    }
}

/// <summary>What a verify command did.</summary>
/// <param name="ExitCode">Its exit code; <see cref="VerifyRunner.TimedOutExitCode"/> when it timed out.</param>
/// <param name="Tail">The last <see cref="VerifyRunner.TailLineCount"/> lines of its output, newline-separated.</param>
public sealed record VerifyResult(int ExitCode, string Tail);
