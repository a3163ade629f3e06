using SessionTui.Core.Runs;
using SessionTui.Tmux;

namespace SessionTui.Workcells.Checks;

/// <summary>
/// What git says about a run's working directory, through <see cref="IProcessRunner"/> (<c>git -C CWD</c> with
/// <c>GIT_TERMINAL_PROMPT=0</c>, <c>LC_ALL=C</c>, <c>core.quotePath=false</c>, no pager). Paths come back exactly
/// (NUL-separated output), repository-relative.
/// </summary>
/// <param name="runner">Runs git.</param>
public sealed class GitFacts(IProcessRunner runner)
{
    private static readonly IReadOnlyDictionary<string, string?> Env = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["LC_ALL"] = "C",
        ["GIT_PAGER"] = "cat",
        ["GIT_OPTIONAL_LOCKS"] = "0",
    };

    /// <summary>The repository's facts relative to <paramref name="baseCommit"/>, or null when <paramref name="cwd"/> is not
    /// inside a git work tree.</summary>
    /// <param name="cwd">The run's working directory (it must exist).</param>
    /// <param name="baseCommit">HEAD at launch, or null (outside git then, or an unborn branch: every commit is new).</param>
    /// <param name="cancellationToken">Cancels the git calls.</param>
    /// <exception cref="ExecutableNotFoundException">git is not on PATH.</exception>
    /// <exception cref="InvalidOperationException">A git call failed (its stderr in the message).</exception>
    public async Task<RepoFacts?> ReadAsync(string cwd, string? baseCommit, CancellationToken cancellationToken = default)
    {
        var top = await GitAsync(cwd, ["rev-parse", "--show-toplevel"], cancellationToken, allowFailure: true).ConfigureAwait(false);
        if (top is null)
        {
            return null;
        }

        var root = top.TrimEnd('\n');
        var head = (await GitAsync(cwd, ["rev-parse", "-q", "--verify", "HEAD^{commit}"], cancellationToken, allowFailure: true).ConfigureAwait(false))?.Trim();
        var commits = new List<CommitInfo>();
        if (head is not null)
        {
            var range = baseCommit is null ? head : baseCommit + ".." + head;
            var log = await GitAsync(cwd, ["log", "--reverse", "--format=%H%x09%s", range, "--"], cancellationToken).ConfigureAwait(false);
            foreach (var line in log!.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                commits.Add(tab < 0 ? new CommitInfo(line, "") : new CommitInfo(line[..tab], line[(tab + 1)..]));
            }
        }

        var diffStat = head is null ? "" : (await GitAsync(cwd, ["diff", "--stat", "HEAD", "--"], cancellationToken).ConfigureAwait(false))!.TrimEnd();
        var untracked = Split0(await GitAsync(cwd, ["ls-files", "--others", "--exclude-standard", "-z", "--full-name", ":/"], cancellationToken).ConfigureAwait(false));
        var changed = new List<string>();
        if (baseCommit is not null)
        {
            changed.AddRange(Split0(await GitAsync(cwd, ["diff", "--name-only", "-z", baseCommit, "--"], cancellationToken).ConfigureAwait(false)));
        }
        else if (head is not null)
        {
            changed.AddRange(Split0(await GitAsync(cwd, ["ls-files", "-z", "--full-name", ":/"], cancellationToken).ConfigureAwait(false)));
        }

        changed.AddRange(untracked);
        var rules = baseCommit is null
            ? ReadWorkTreeRules(root)
            : await GitAsync(cwd, ["show", baseCommit + ":" + ForbiddenPathRules.File], cancellationToken, allowFailure: true).ConfigureAwait(false);
        return new RepoFacts(root, head, commits, diffStat, untracked, changed.Distinct(StringComparer.Ordinal).ToList(), rules ?? "");
    }

    private static string? ReadWorkTreeRules(string root)
    {
        var path = Path.Join(root, ForbiddenPathRules.File);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static List<string> Split0(string? output) =>
        [.. (output ?? "").Split('\0', StringSplitOptions.RemoveEmptyEntries)];

    private async Task<string?> GitAsync(string cwd, IReadOnlyList<string> args, CancellationToken ct, bool allowFailure = false)
    {
        var result = await runner.RunAsync(new ProcessSpec("git", ["-C", cwd, "-c", "core.quotePath=false", "--no-pager", .. args])
        {
            Environment = Env,
            Timeout = TimeSpan.FromSeconds(30),
        }, ct).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return result.StandardOutput;
        }

        return allowFailure ? null : throw new InvalidOperationException($"git {args[0]} failed: {result.StandardError.Trim()}");
    }
}

/// <summary>A repository's state after a run.</summary>
/// <param name="Root">Absolute root of the work tree.</param>
/// <param name="Head">HEAD now, null on an unborn branch.</param>
/// <param name="Commits">Commits since the base, oldest first.</param>
/// <param name="DiffStat"><c>git diff --stat HEAD</c>, trimmed; empty when clean.</param>
/// <param name="Untracked">Untracked, not ignored files.</param>
/// <param name="ChangedPaths">Every path changed since the base: committed, uncommitted or untracked.</param>
/// <param name="Rules">The forbidden-path rules file as of the base commit (or the work tree without one); empty when none.</param>
public sealed record RepoFacts(
    string Root,
    string? Head,
    IReadOnlyList<CommitInfo> Commits,
    string DiffStat,
    IReadOnlyList<string> Untracked,
    IReadOnlyList<string> ChangedPaths,
    string Rules);
