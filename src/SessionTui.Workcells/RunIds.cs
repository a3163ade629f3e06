using System.Globalization;
using System.Text;

namespace SessionTui.Workcells;

/// <summary>Run ids: <c>yyyyMMdd-HHmmss-slug</c> in UTC, so that text order is time order and a person can read them;
/// the slug is the session name folded to <c>[a-z0-9-]</c> (at most 40 characters, <c>run</c> when nothing is left).
/// Two runs of one name in the same second get <c>-2</c>, <c>-3</c>... (see <see cref="RunFolder.Create"/>).</summary>
public static class RunIds
{
    /// <summary>The id of a run of <paramref name="name"/> launched at <paramref name="at"/>.</summary>
    public static string New(string name, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(name);
        return at.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Slug(name);
    }

    /// <summary>The name folded to lowercase ASCII letters, digits and single dashes.</summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormKD))
        {
            if (slug.Length >= 40)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (c < 0x80 && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "run" : text;
    }
}
