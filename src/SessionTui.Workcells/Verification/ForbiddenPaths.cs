using Microsoft.Extensions.FileSystemGlobbing;

namespace SessionTui.Workcells.Verifying;

/// <summary>
/// Paths no run may change in a repository, matched by Microsoft.Extensions.FileSystemGlobbing (ordinal, case-sensitive)
/// against an in-memory list of repository-relative paths; nothing touches the file system.
/// </summary>
/// <remarks>
/// <para>Rules file: <see cref="RulesFile"/> at the repository root, UTF-8, one glob per line; surrounding whitespace is
/// trimmed, blank lines and lines starting with <c>#</c> are ignored. The user's configuration can add rules per
/// repository (same syntax).</para>
/// <para>Globs are gitignore-like: <c>*</c> matches within one path segment, <c>**</c> any number of segments; a glob with
/// no <c>/</c> (other than a trailing one) matches at any depth (<c>*.pem</c> matches <c>a/b/key.pem</c>); a glob with a
/// <c>/</c> inside, or a leading <c>/</c>, is anchored at the root (<c>secrets/**</c>, <c>/Makefile</c>); a trailing
/// <c>/</c> means everything under that folder (<c>infra/prod/</c>); a glob that names a folder also covers everything
/// under it (<c>secrets</c> matches <c>secrets/a.key</c>, like gitignore). A line starting with <c>!</c> is an exception:
/// a path it matches is never forbidden, whatever the order of the lines (unlike gitignore, where order matters).</para>
/// <para>A change to the rules file itself is forbidden only when a rule matches it (e.g. <c>.sessiontui/**</c>).</para>
/// </remarks>
public sealed class ForbiddenPaths
{
    /// <summary>The rules file, relative to the repository root.</summary>
    public const string RulesFile = ".sessiontui/forbidden-paths";

    /// <summary>The root the matcher sees; only a prefix of the in-memory paths, never read.</summary>
    private const string MatchRoot = "/forbidden-paths-root";

    private readonly Matcher _matcher = new(StringComparison.Ordinal);
    private readonly bool _hasIncludes;

    /// <summary>Rules from glob lines; blank lines and <c>#</c> comments among them are ignored.</summary>
    /// <param name="lines">Glob lines (the rules file's lines, the configuration's globs).</param>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is null.</exception>
    public ForbiddenPaths(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Rules = lines.Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var rule in Rules)
        {
            var exception = rule.StartsWith('!');
            foreach (var pattern in Patterns(exception ? rule[1..] : rule))
            {
                if (exception)
                {
                    _matcher.AddExclude(pattern);
                }
                else
                {
                    _matcher.AddInclude(pattern);
                    _hasIncludes = true;
                }
            }
        }
    }

    /// <summary>No rules: nothing is forbidden.</summary>
    public static ForbiddenPaths None { get; } = new([]);

    /// <summary>The rules in force, trimmed, in order, without comments, blanks or duplicates.</summary>
    public IReadOnlyList<string> Rules { get; }

    /// <summary>Rules from the text of a rules file plus extra globs.</summary>
    /// <param name="rulesFileText">The rules file's content, or null when there is none.</param>
    /// <param name="extraRules">Extra globs (the user's configuration), or null.</param>
    public static ForbiddenPaths Parse(string? rulesFileText, IEnumerable<string>? extraRules = null) =>
        new((rulesFileText ?? "").ReplaceLineEndings("\n").Split('\n').Concat(extraRules ?? []));

    /// <summary>
    /// The rules of the repository at <paramref name="repositoryRoot"/> plus <paramref name="extraRules"/>. With a base commit the
    /// rules file is read as of that commit (<see cref="GitInspector.FileAtCommitAsync"/>), so a run cannot loosen its own
    /// rules by editing the file; without one it is read from the work tree. A missing file means no rules of its own.
    /// </summary>
    /// <param name="git">Reads the base commit's file.</param>
    /// <param name="repositoryRoot">Absolute top folder of the work tree.</param>
    /// <param name="baseCommit">HEAD when the run started, or null.</param>
    /// <param name="extraRules">Extra globs from the user's configuration.</param>
    /// <param name="cancellationToken">Cancels the git calls.</param>
    /// <exception cref="GitException">git could not read the base commit.</exception>
    /// <exception cref="Tmux.ExecutableNotFoundException">git is not on <c>PATH</c>.</exception>
    /// <exception cref="TimeoutException">git took longer than its timeout.</exception>
    /// <exception cref="IOException">The work tree's rules file exists but cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The work tree's rules file is not readable.</exception>
    public static async Task<ForbiddenPaths> LoadAsync(
        GitInspector git, string repositoryRoot, string? baseCommit, IEnumerable<string> extraRules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        ArgumentNullException.ThrowIfNull(extraRules);
        string? text;
        if (baseCommit is not null)
        {
            text = await git.FileAtCommitAsync(repositoryRoot, baseCommit, RulesFile, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var path = Path.Join(repositoryRoot, RulesFile);
            text = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
        }

        return Parse(text, extraRules);
    }

    /// <summary>Whether a rule forbids <paramref name="path"/>.</summary>
    /// <param name="path">Repository-relative path with <c>/</c> separators, as git prints it.</param>
    public bool IsForbidden(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _hasIncludes && path.Length > 0 && _matcher.Match(MatchRoot, [MatchRoot + "/" + path]).HasMatches;
    }

    /// <summary>The paths among <paramref name="paths"/> a rule forbids, in input order, without duplicates.</summary>
    /// <param name="paths">Repository-relative paths with <c>/</c> separators.</param>
    public IReadOnlyList<string> Match(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return _hasIncludes ? paths.Distinct(StringComparer.Ordinal).Where(IsForbidden).ToList() : [];
    }

    /// <summary>The FileSystemGlobbing patterns of one gitignore-like glob (see the class remarks).</summary>
    private static IEnumerable<string> Patterns(string glob)
    {
        var anchored = glob.StartsWith('/');
        var body = glob.Trim('/');
        if (body.Length == 0)
        {
            yield break;
        }

        if (!anchored && !body.Contains('/', StringComparison.Ordinal))
        {
            body = "**/" + body;
        }

        if (!glob.EndsWith('/'))
        {
            yield return body;
        }

        if (!body.EndsWith("/**", StringComparison.Ordinal))
        {
            yield return body + "/**";
        }
    }
}
