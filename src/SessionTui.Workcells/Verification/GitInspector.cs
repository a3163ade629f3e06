using System.Globalization;
using SessionTui.Core.Runs;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Verifying;

/// <summary>
/// Git facts about a run's working directory, read through <see cref="IProcessRunner"/>: every call is
/// <c>git --no-pager -C CWD -c core.quotePath=false ... SUBCOMMAND</c> with <c>GIT_TERMINAL_PROMPT=0</c>, <c>LC_ALL=C</c>,
/// <c>GIT_OPTIONAL_LOCKS=0</c> (reading never takes the index lock an agent may hold), a pager of <c>cat</c>, and
/// <c>GIT_DIR</c>, <c>GIT_WORK_TREE</c> and <c>GIT_INDEX_FILE</c> unset (so a caller inside a git hook reads the run's
/// repository). Path lists come from NUL-separated output (<c>-z</c>), so names with spaces, quotes, newlines or non-ASCII
/// characters come back byte for byte; all paths are repository-relative with <c>/</c> separators (git's own form).
/// </summary>
public sealed class GitInspector
{
    /// <summary>How long one git call may take unless the constructor is told otherwise: 30 s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly IReadOnlyDictionary<string, string?> GitEnvironment = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["LC_ALL"] = "C",
        ["GIT_PAGER"] = "cat",
        ["PAGER"] = "cat",
        ["GIT_OPTIONAL_LOCKS"] = "0",
        ["GIT_DIR"] = null,
        ["GIT_WORK_TREE"] = null,
        ["GIT_INDEX_FILE"] = null,
    };

    private readonly IProcessRunner _runner;
    private readonly TimeSpan _timeout;

    /// <summary>Creates an inspector that runs <c>git</c> from <c>PATH</c>.</summary>
    /// <param name="runner">Runs git.</param>
    /// <param name="timeout">How long one git call may take; null for <see cref="DefaultTimeout"/>.</param>
    public GitInspector(IProcessRunner runner, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
        _timeout = timeout ?? DefaultTimeout;
    }

    /// <summary>Whether <paramref name="cwd"/> is inside a git work tree (<c>git rev-parse --is-inside-work-tree</c>);
    /// false inside a <c>.git</c> folder or a bare repository, and outside any repository.</summary>
    /// <param name="cwd">An existing directory.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="GitException">git failed for another reason than "not a git repository" (a missing directory, a
    /// repository git refuses as unsafe).</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public async Task<bool> IsWorkTreeAsync(string cwd, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(cwd, ["rev-parse", "--is-inside-work-tree"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return result.StandardOutput.Trim() == "true";
        }

        return result.StandardError.Contains("not a git repository", StringComparison.Ordinal)
            ? false
            : throw Failure(["rev-parse", "--is-inside-work-tree"], result);
    }

    /// <summary>The absolute path of the work tree's top folder (<c>git rev-parse --show-toplevel</c>).</summary>
    /// <param name="cwd">A directory inside a work tree.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="GitException">Not inside a work tree, or git failed.</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public async Task<string> RepositoryRootAsync(string cwd, CancellationToken cancellationToken = default) =>
        (await GitAsync(cwd, ["rev-parse", "--show-toplevel"], cancellationToken).ConfigureAwait(false)).TrimEnd('\n');

    /// <summary>The full hash of the commit HEAD points at (<c>git rev-parse -q --verify HEAD^{commit}</c>), or null on an
    /// unborn branch (a repository with no commit yet).</summary>
    /// <param name="cwd">A directory inside a work tree.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="GitException">git failed for another reason than a missing HEAD commit.</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public async Task<string?> HeadAsync(string cwd, CancellationToken cancellationToken = default)
    {
        string[] args = ["rev-parse", "-q", "--verify", "HEAD^{commit}"];
        var result = await RunAsync(cwd, args, cancellationToken).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => result.StandardOutput.Trim(),
            1 when result.StandardOutput.Trim().Length == 0 => null,
            _ => throw Failure(args, result),
        };
    }

    /// <summary>The commits reachable from HEAD and not from <paramref name="baseCommit"/>, oldest first
    /// (<c>git log --reverse --format=%H%x09%s BASE..HEAD</c>); with no base every commit of HEAD; empty on an unborn branch.</summary>
    /// <param name="cwd">A directory inside a work tree.</param>
    /// <param name="baseCommit">HEAD when the run started, or null when there was none.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="GitException">git failed (e.g. <paramref name="baseCommit"/> is not a commit of this repository).</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public async Task<IReadOnlyList<CommitInfo>> CommitsSinceAsync(string cwd, string? baseCommit, CancellationToken cancellationToken = default)
    {
        if (await HeadAsync(cwd, cancellationToken).ConfigureAwait(false) is not { } head)
        {
            return [];
        }

        var range = baseCommit is null ? head : baseCommit + ".." + head;
        var log = await GitAsync(cwd, ["-c", "log.showSignature=false", "log", "--no-color", "--reverse", "--format=%H%x09%s", range, "--"], cancellationToken)
            .ConfigureAwait(false);
        var commits = new List<CommitInfo>();
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            commits.Add(tab < 0 ? new CommitInfo(line, "") : new CommitInfo(line[..tab], line[(tab + 1)..]));
        }

        return commits;
    }

    /// <summary>The uncommitted changes to tracked files as <c>git diff --stat HEAD</c> prints them (staged and unstaged
    /// together, 80 columns, the summary line last), trimmed; empty when there are none. On an unborn branch the diff is
    /// taken against the empty tree, so staged new files count.</summary>
    /// <param name="cwd">A directory inside a work tree.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="GitException">git failed.</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public async Task<string> UncommittedDiffStatAsync(string cwd, CancellationToken cancellationToken = default)
    {
        var from = await HeadAsync(cwd, cancellationToken).ConfigureAwait(false) ?? await EmptyTreeAsync(cwd, cancellationToken).ConfigureAwait(false);
        var stat = await GitAsync(cwd, ["-c", "diff.relative=false", "diff", "--no-color", "--no-ext-diff", "--stat", from, "--"], cancellationToken)
            .ConfigureAwait(false);
        return stat.Trim();
    }

    /// <summary>Untracked files that no ignore rule covers, in the whole work tree whatever folder <paramref name="cwd"/> is
    /// (<c>git ls-files -z --others --exclude-standard --full-name -- :/</c>), in git's order.</summary>
    /// <param name="cwd">A directory inside a work tree.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="GitException">git failed.</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public async Task<IReadOnlyList<string>> UntrackedAsync(string cwd, CancellationToken cancellationToken = default) =>
        SplitNul(await GitAsync(cwd, ["ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", ":/"], cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Every path the run changed since <paramref name="baseCommit"/>, sorted ordinally, without duplicates: the difference
    /// between the base and the work tree (<c>git diff --name-only -z --no-renames BASE</c>, so committed and uncommitted
    /// changes, and both sides of a rename), every path touched by a commit in <c>BASE..HEAD</c> (so a file added and
    /// removed again still counts: it is in the history), and the untracked files. With no base the comparison is against
    /// the empty tree: every tracked file and every untracked one.
    /// </summary>
    /// <param name="cwd">A directory inside a work tree.</param>
    /// <param name="baseCommit">HEAD when the run started, or null when there was none.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="GitException">git failed (e.g. <paramref name="baseCommit"/> is not a commit of this repository).</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public async Task<IReadOnlyList<string>> ChangedPathsAsync(string cwd, string? baseCommit, CancellationToken cancellationToken = default)
    {
        var from = baseCommit ?? await EmptyTreeAsync(cwd, cancellationToken).ConfigureAwait(false);
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        paths.UnionWith(SplitNul(await GitAsync(cwd, ["-c", "diff.relative=false", "diff", "--no-ext-diff", "--no-renames", "--name-only", "-z", from, "--"], cancellationToken)
            .ConfigureAwait(false)));
        if (baseCommit is not null && await HeadAsync(cwd, cancellationToken).ConfigureAwait(false) is { } head)
        {
            paths.UnionWith(SplitNul(await GitAsync(
                cwd, ["-c", "log.showSignature=false", "log", "--no-ext-diff", "--no-renames", "--format=", "--name-only", "-z", baseCommit + ".." + head, "--"], cancellationToken)
                .ConfigureAwait(false)));
        }

        paths.UnionWith(await UntrackedAsync(cwd, cancellationToken).ConfigureAwait(false));
        return [.. paths];
    }

    /// <summary>
    /// A text that changes whenever the work relative to <paramref name="from"/> changes: <c>git diff --numstat FROM</c>
    /// (commits since it and uncommitted changes to tracked files together) and the untracked files, both without
    /// <paramref name="excludePath"/> (a loop's checklist, whose checkboxes are not work). Two equal fingerprints around an
    /// iteration mean it changed nothing.
    /// </summary>
    /// <param name="cwd">A directory inside a work tree.</param>
    /// <param name="from">The commit to compare with, or null for the empty tree (an unborn branch).</param>
    /// <param name="excludePath">An absolute path to leave out, or null.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="GitException">git failed.</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public async Task<string> WorkFingerprintAsync(string cwd, string? from, string? excludePath, CancellationToken cancellationToken = default)
    {
        var root = await RepositoryRootAsync(cwd, cancellationToken).ConfigureAwait(false);
        var exclude = excludePath is not null && excludePath.StartsWith(root + "/", StringComparison.Ordinal) ? excludePath[(root.Length + 1)..] : null;
        var spec = exclude is null ? Array.Empty<string>() : [":(top)", ":(top,exclude,literal)" + exclude];
        var numstat = await GitAsync(cwd, ["-c", "diff.relative=false", "diff", "--no-ext-diff", "--no-renames", "--numstat", "-z", from ?? await EmptyTreeAsync(cwd, cancellationToken).ConfigureAwait(false), "--", .. spec], cancellationToken)
            .ConfigureAwait(false);
        var untracked = (await UntrackedAsync(cwd, cancellationToken).ConfigureAwait(false)).Where(p => !string.Equals(p, exclude, StringComparison.Ordinal));
        return numstat + "\0--\0" + string.Join('\0', untracked);
    }

    /// <summary>Adds a worktree at <paramref name="path"/> on a new branch <paramref name="branch"/> from HEAD
    /// (<c>git worktree add -b BRANCH PATH HEAD</c>).</summary>
    /// <exception cref="GitException">git refused (the branch or the path exists, no commit yet).</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public Task AddWorktreeAsync(string cwd, string path, string branch, CancellationToken cancellationToken = default) =>
        GitAsync(cwd, ["worktree", "add", "-q", "-b", branch, path, "HEAD"], cancellationToken);

    /// <summary><c>git diff --stat FROM</c>: what changed since <paramref name="from"/>, committed or not, as git prints it
    /// (empty when nothing did).</summary>
    /// <exception cref="GitException">git failed.</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public async Task<string> DiffStatSinceAsync(string cwd, string? from, CancellationToken cancellationToken = default) =>
        (await GitAsync(cwd, ["-c", "diff.relative=false", "diff", "--no-ext-diff", "--stat", from ?? await EmptyTreeAsync(cwd, cancellationToken).ConfigureAwait(false), "--"], cancellationToken)
            .ConfigureAwait(false)).TrimEnd('\n');

    /// <summary>The content of a file as of a commit (<c>git cat-file blob COMMIT:PATH</c>), decoded as UTF-8, or null when
    /// the commit has no file at that path (checked with <c>git ls-tree --full-tree</c> first).</summary>
    /// <param name="cwd">A directory inside a work tree.</param>
    /// <param name="commit">A commit (hash or name).</param>
    /// <param name="path">Repository-relative path with <c>/</c> separators.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="GitException">git failed (e.g. <paramref name="commit"/> is not a commit of this repository).</exception>
    /// <exception cref="ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than the timeout.</exception>
    public async Task<string?> FileAtCommitAsync(string cwd, string commit, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(path);
        var entry = await GitAsync(cwd, ["ls-tree", "--full-tree", "-z", commit, "--", path], cancellationToken).ConfigureAwait(false);
        if (!entry.Contains(" blob ", StringComparison.Ordinal))
        {
            return null;
        }

        return await GitAsync(cwd, ["cat-file", "blob", commit + ":" + path], cancellationToken).ConfigureAwait(false);
    }

    private static List<string> SplitNul(string output) => [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries)];

    private static GitException Failure(IReadOnlyList<string> args, ProcessResult result) =>
        new(args.First(a => !a.StartsWith('-') && !a.Contains('=', StringComparison.Ordinal)), result.ExitCode, result.StandardError);

    /// <summary>The empty tree's id in this repository's hash (SHA-1 or SHA-256): <c>git hash-object -t tree --stdin</c> of
    /// nothing (stdin is closed by the runner).</summary>
    private async Task<string> EmptyTreeAsync(string cwd, CancellationToken ct) =>
        (await GitAsync(cwd, ["hash-object", "-t", "tree", "--stdin"], ct).ConfigureAwait(false)).Trim();

    private async Task<string> GitAsync(string cwd, IReadOnlyList<string> args, CancellationToken ct)
    {
        var result = await RunAsync(cwd, args, ct).ConfigureAwait(false);
        return result.ExitCode == 0 ? result.StandardOutput : throw Failure(args, result);
    }

    private Task<ProcessResult> RunAsync(string cwd, IReadOnlyList<string> args, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cwd);
        return _runner.RunAsync(
            new ProcessSpec("git", ["--no-pager", "-C", cwd, "-c", "core.quotePath=false", "-c", "color.ui=false", .. args])
            {
                Environment = GitEnvironment,
                Timeout = _timeout,
            },
            ct);
    }
}

/// <summary>A git call exited non-zero; the message is one line: <c>git log failed (exit 128): fatal: bad revision 'x'</c>.</summary>
public sealed class GitException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="subcommand">The git subcommand (<c>log</c>, <c>diff</c>).</param>
    /// <param name="exitCode">git's exit code.</param>
    /// <param name="standardError">What git wrote to stderr.</param>
    public GitException(string subcommand, int exitCode, string standardError)
        : base($"git {subcommand} failed (exit {exitCode.ToString(CultureInfo.InvariantCulture)}): {Core.OneLine.Of(standardError, "no message")}")
    {
        Subcommand = subcommand;
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>The git subcommand that failed.</summary>
    public string Subcommand { get; }

    /// <summary>git's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>Everything git wrote to stderr.</summary>
    public string StandardError { get; }
}
