using System.Globalization;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Checks;

/// <summary>
/// Verifies a run after its agent exited, in its cwd ("verify via git, not checkboxes"): the commits since its base
/// commit, uncommitted changes, untracked files, changes under forbidden paths, and the verify command (<c>verify.sh</c>
/// of the run folder, run with <c>/bin/sh</c>, output to <c>verify.log</c>, last 50 lines kept).
/// </summary>
/// <param name="runner">Runs git and the verify command.</param>
public sealed class RunVerifier(IProcessRunner runner)
{
    /// <summary>Lines of the verify command's output kept in the record.</summary>
    public const int TailLines = 50;

    /// <summary>Exit code recorded when the verify command ran out of time (as timeout(1) reports it).</summary>
    public const int TimedOut = 124;

    /// <summary>Verifies <paramref name="run"/>. Never throws but for cancellation: what could not be checked is in
    /// <see cref="Verification.Error"/>.</summary>
    /// <param name="run">The run (cwd, base commit, run folder).</param>
    /// <param name="verifyCommand">The verify command line to run, or null for the git facts only.</param>
    /// <param name="extraRules">Forbidden-path globs from the user's configuration.</param>
    /// <param name="timeout">How long the verify command may run.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public async Task<Verification> VerifyAsync(RunRecord run, string? verifyCommand, IReadOnlyList<string> extraRules, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(extraRules);
        if (!Directory.Exists(run.Cwd))
        {
            return new Verification(false, null, [], "", [], [], verifyCommand, null, null, $"the working directory is gone: {run.Cwd}");
        }

        RepoFacts? repo = null;
        string? error = null;
        try
        {
            repo = await new GitFacts(runner).ReadAsync(run.Cwd, run.BaseCommit, cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutableNotFoundException)
        {
            error = "git is not on PATH: commits and changes were not checked";
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            error = OneLine.Of(e);
        }

        var forbidden = repo is null ? [] : new ForbiddenPathRules(repo.Rules, extraRules).Matching(repo.ChangedPaths);
        int? exit = null;
        string? tail = null;
        if (verifyCommand is not null)
        {
            (exit, tail) = await RunVerifyAsync(run, verifyCommand, timeout, cancellationToken).ConfigureAwait(false);
        }

        return new Verification(
            repo is not null, repo?.Head, repo?.Commits ?? [], repo?.DiffStat ?? "", repo?.Untracked ?? [], forbidden,
            verifyCommand, exit, tail, error);
    }

    private async Task<(int Exit, string Tail)> RunVerifyAsync(RunRecord run, string verifyCommand, TimeSpan timeout, CancellationToken ct)
    {
        var script = Path.Join(run.RunDir, "verify.sh");
        var log = Path.Join(run.RunDir, "verify.log");
        if (!File.Exists(script))
        {
            File.WriteAllText(script, Briefs.VerifyScript(run.RunId, verifyCommand));
        }

        int exit;
        string output;
        try
        {
            var result = await runner.RunAsync(new ProcessSpec("/bin/sh", [script])
            {
                WorkingDirectory = run.Cwd,
                Timeout = timeout,
                Environment = new Dictionary<string, string?> { ["SESSIONTUI_RUN_ID"] = run.RunId, ["SESSIONTUI_RUN_DIR"] = run.RunDir },
            }, ct).ConfigureAwait(false);
            exit = result.ExitCode;
            output = result.StandardOutput + result.StandardError;
        }
        catch (TimeoutException)
        {
            exit = TimedOut;
            output = $"sessiontui: the verify command ran longer than {timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s and was killed\n";
        }

        File.WriteAllText(log, output);
        var lines = output.TrimEnd('\n').Split('\n');
        return (exit, string.Join('\n', lines.Skip(Math.Max(0, lines.Length - TailLines))));
    }
}
