using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Verifying;

/// <summary>
/// One verification of a run after its agent exited ("verify via git, not checkboxes"): the commits since its base commit,
/// uncommitted changes, untracked files and changes under forbidden paths (<see cref="GitInspector"/>,
/// <see cref="ForbiddenPaths"/>), then the verify command (<see cref="VerifyRunner"/>).
/// </summary>
public sealed class Verifier
{
    private readonly GitInspector _git;
    private readonly VerifyRunner _verify;

    /// <summary>A verifier running git and <c>/bin/sh</c> through <paramref name="runner"/>.</summary>
    /// <param name="runner">Runs git and the verify command.</param>
    public Verifier(IProcessRunner runner)
        : this(new GitInspector(runner), new VerifyRunner(runner))
    {
    }

    /// <summary>A verifier from its parts.</summary>
    /// <param name="git">Reads git facts.</param>
    /// <param name="verify">Runs the verify command.</param>
    public Verifier(GitInspector git, VerifyRunner verify)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(verify);
        _git = git;
        _verify = verify;
    }

    /// <summary>
    /// Verifies one run. Never throws but for cancellation: what could not be checked is in
    /// <see cref="Verification.Error"/> (one line per problem, joined with <c>; </c>), with every fact that could be read.
    /// Outside a git work tree <see cref="Verification.Git"/> is false, the git fields are empty, and the verify command
    /// still runs. A missing working directory or a missing git is an error; a verify command that cannot run (no
    /// <c>verify.sh</c>) leaves <see cref="Verification.VerifyExit"/> null, which fails verification.
    /// </summary>
    /// <param name="request">What to verify.</param>
    /// <param name="cancellationToken">Cancels git and the verify command.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<Verification> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Directory.Exists(request.Cwd))
        {
            return new Verification(false, null, [], "", [], [], request.VerifyCommand, null, null, $"the working directory {request.Cwd} does not exist");
        }

        var errors = new List<string>();
        var facts = new GitFacts();
        try
        {
            await ReadGitAsync(request, facts, cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutableNotFoundException)
        {
            errors.Add("git is not on PATH: commits and changes were not checked");
        }
        catch (Exception e) when (e is GitException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            errors.Add(OneLine.Of(e));
        }

        int? verifyExit = null;
        string? verifyTail = null;
        if (request.VerifyCommand is not null)
        {
            try
            {
                var result = await _verify.RunAsync(request.RunDir, request.Cwd, request.VerifyTimeout, request.VerifyEnvironment, cancellationToken).ConfigureAwait(false);
                (verifyExit, verifyTail) = (result.ExitCode, result.Tail);
            }
            catch (Exception e) when (e is ExecutableNotFoundException or IOException or UnauthorizedAccessException)
            {
                errors.Add("the verify command did not run: " + OneLine.Of(e));
            }
        }

        return new Verification(
            facts.Git, facts.Head, facts.Commits, facts.DiffStat, facts.Untracked, facts.Forbidden,
            request.VerifyCommand, verifyExit, verifyTail, errors.Count == 0 ? null : string.Join("; ", errors));
    }

    /// <summary>
    /// Verifies <paramref name="run"/> (its cwd, base commit and run folder), passing the run's id and folder to the verify
    /// command as <c>SESSIONTUI_RUN_ID</c> and <c>SESSIONTUI_RUN_DIR</c>; see <see cref="VerifyAsync(VerifyRequest, CancellationToken)"/>.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="verifyCommand">The verify command line, or null to check git only.</param>
    /// <param name="extraRules">Forbidden-path globs from the user's configuration.</param>
    /// <param name="timeout">How long the verify command may run.</param>
    /// <param name="cancellationToken">Cancels git and the verify command.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<Verification> VerifyAsync(
        RunRecord run, string? verifyCommand, IReadOnlyList<string> extraRules, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(extraRules);
        return VerifyAsync(
            new VerifyRequest(run.Cwd, run.BaseCommit, run.RunDir, verifyCommand)
            {
                ExtraForbiddenRules = extraRules,
                VerifyTimeout = timeout,
                VerifyEnvironment = new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["SESSIONTUI_RUN_ID"] = run.RunId,
                    ["SESSIONTUI_RUN_DIR"] = run.RunDir,
                },
            },
            cancellationToken);
    }

    /// <summary>Fills <paramref name="facts"/> step by step, so a failure part-way keeps what was read.</summary>
    private async Task ReadGitAsync(VerifyRequest request, GitFacts facts, CancellationToken ct)
    {
        var cwd = request.Cwd;
        if (!await _git.IsWorkTreeAsync(cwd, ct).ConfigureAwait(false))
        {
            return;
        }

        facts.Git = true;
        facts.Head = await _git.HeadAsync(cwd, ct).ConfigureAwait(false);
        facts.Commits = await _git.CommitsSinceAsync(cwd, request.BaseCommit, ct).ConfigureAwait(false);
        facts.DiffStat = await _git.UncommittedDiffStatAsync(cwd, ct).ConfigureAwait(false);
        facts.Untracked = await _git.UntrackedAsync(cwd, ct).ConfigureAwait(false);
        var root = await _git.RepositoryRootAsync(cwd, ct).ConfigureAwait(false);
        var rules = await ForbiddenPaths.LoadAsync(_git, root, request.BaseCommit, request.ExtraForbiddenRules, ct).ConfigureAwait(false);
        if (rules.Rules.Count > 0)
        {
            facts.Forbidden = rules.Match(await _git.ChangedPathsAsync(cwd, request.BaseCommit, ct).ConfigureAwait(false));
        }
    }

    private sealed class GitFacts
    {
        public bool Git { get; set; }

        public string? Head { get; set; }

        public IReadOnlyList<CommitInfo> Commits { get; set; } = [];

        public string DiffStat { get; set; } = "";

        public IReadOnlyList<string> Untracked { get; set; } = [];

        public IReadOnlyList<string> Forbidden { get; set; } = [];
    }
}

/// <summary>What one verification needs.</summary>
/// <param name="Cwd">The run's working directory (absolute).</param>
/// <param name="BaseCommit">HEAD of its repository when the run started, or null (outside git, or an unborn branch).</param>
/// <param name="RunDir">The run folder, holding <c>verify.sh</c> and receiving <c>verify.log</c>.</param>
/// <param name="VerifyCommand">The verify command line (recorded; <c>verify.sh</c> runs it), or null to run nothing.</param>
public sealed record VerifyRequest(string Cwd, string? BaseCommit, string RunDir, string? VerifyCommand)
{
    /// <summary>Forbidden-path globs on top of the repository's rules file (the user's configuration).</summary>
    public IReadOnlyList<string> ExtraForbiddenRules { get; init; } = [];

    /// <summary>How long the verify command may run; default <see cref="VerifyRunner.DefaultTimeout"/> (10 minutes).</summary>
    public TimeSpan VerifyTimeout { get; init; } = VerifyRunner.DefaultTimeout;

    /// <summary>Extra environment for the verify command.</summary>
    public IReadOnlyDictionary<string, string?> VerifyEnvironment { get; init; } = new Dictionary<string, string?>();
}
