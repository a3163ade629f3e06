using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SessionTui.Tests.Support;

/// <summary>
/// Matches one argv element in an expectation of <see cref="VerifyingProcessRunner"/> or <see cref="VerifyingTmuxTransport"/>:
/// a plain string matches itself exactly (ordinal, by implicit conversion); <see cref="Matching"/> and <see cref="Where"/> match
/// elements that differ from call to call, such as per-call markers and nonces.
/// </summary>
internal sealed class Arg
{
    private readonly Func<string, bool> _matches;
    private readonly string _description;

    private Arg(Func<string, bool> matches, string description)
    {
        _matches = matches;
        _description = description;
    }

    /// <summary>Exactly <paramref name="literal"/>.</summary>
    public static implicit operator Arg(string literal) => Is(literal);

    /// <summary>Exactly <paramref name="literal"/> (ordinal).</summary>
    public static Arg Is(string literal) => new(a => string.Equals(a, literal, StringComparison.Ordinal), Quote(literal));

    /// <summary>Any element the whole of which matches <paramref name="pattern"/>.</summary>
    public static Arg Matching([StringSyntax(StringSyntaxAttribute.Regex)] string pattern) =>
        new(a => Regex.IsMatch(a, "^(?:" + pattern + ")$", RegexOptions.CultureInvariant), "/" + pattern + "/");

    /// <summary>Any element for which <paramref name="predicate"/> holds; <paramref name="description"/> names it in failures.</summary>
    public static Arg Where(Func<string, bool> predicate, string description) => new(predicate, "<" + description + ">");

    /// <summary>Whether a list of elements matches a list of matchers, element by element.</summary>
    public static bool AllMatch(IReadOnlyList<Arg> expected, IReadOnlyList<string> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p => p.First._matches(p.Second));

    /// <summary>The matchers as one line, e.g. <c>["-u", "-S", /__stui_.*__/]</c>.</summary>
    public static string Describe(IEnumerable<Arg> args) => "[" + string.Join(", ", args.Select(a => a._description)) + "]";

    /// <summary>Actual elements as one line, each quoted with control characters escaped.</summary>
    public static string Describe(IEnumerable<string> args) => "[" + string.Join(", ", args.Select(Quote)) + "]";

    private static string Quote(string text) =>
        "\"" + string.Concat(text.Select(c => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            < ' ' or '\u007f' => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        })) + "\"";
}
