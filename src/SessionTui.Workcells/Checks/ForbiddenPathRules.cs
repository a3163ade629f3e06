using Microsoft.Extensions.FileSystemGlobbing;

namespace SessionTui.Workcells.Checks;

/// <summary>
/// Paths no run may change in a repository: the globs of <c>.sessiontui/forbidden-paths</c> at its root (one per line,
/// <c>#</c> comments and blank lines ignored), plus the user's per-repository globs from <c>config.json</c>. The syntax is
/// gitignore-like, matched by Microsoft.Extensions.FileSystemGlobbing (ordinal case): <c>**</c> spans folders, <c>*</c>
/// and <c>?</c> stay within one; a glob without a <c>/</c> matches a file name at any depth (<c>*.pem</c>); a trailing
/// <c>/</c> means everything under that folder (<c>infra/prod/</c>); a leading <c>/</c> anchors at the root.
/// </summary>
public sealed class ForbiddenPathRules
{
    /// <summary>The rules file, relative to the repository root.</summary>
    public const string File = ".sessiontui/forbidden-paths";

    private readonly Matcher _matcher = new(StringComparison.Ordinal);

    /// <summary>Rules from the text of a rules file and extra globs.</summary>
    public ForbiddenPathRules(string fileText, IEnumerable<string> extra)
    {
        ArgumentNullException.ThrowIfNull(fileText);
        ArgumentNullException.ThrowIfNull(extra);
        Globs = fileText.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim())
            .Concat(extra.Select(e => e.Trim()))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var glob in Globs)
        {
            _matcher.AddInclude(Pattern(glob));
        }
    }

    /// <summary>The globs in force.</summary>
    public IReadOnlyList<string> Globs { get; }

    /// <summary>The repository-relative <paramref name="paths"/> a rule matches, in input order.</summary>
    public IReadOnlyList<string> Matching(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (Globs.Count == 0)
        {
            return [];
        }

        // The matcher works on paths under a root folder; "/r" is only a prefix, nothing touches the file system.
        const string root = "/r";
        var list = paths.ToList();
        var hits = _matcher.Match(root, list.Select(p => root + "/" + p)).Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return list.Where(hits.Contains).ToList();
    }

    private static string Pattern(string glob)
    {
        var anchored = glob.StartsWith('/');
        var g = glob.TrimStart('/');
        if (g.EndsWith('/'))
        {
            g += "**";
        }

        return anchored || g.TrimEnd('*').Contains('/', StringComparison.Ordinal) ? g : "**/" + g;
    }
}
