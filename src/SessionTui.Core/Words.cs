namespace SessionTui.Core;

/// <summary>Parsing of the kebab-case words the app writes for its enums (<c>rate-limited</c>, <c>no-op</c>).</summary>
public static class Words
{
    /// <summary>Finds the value of <paramref name="all"/> whose word is <paramref name="word"/> (ordinal).</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="all">Every value.</param>
    /// <param name="text">A value's word.</param>
    /// <param name="word">The word read.</param>
    /// <param name="value">The value, or default when none matches.</param>
    public static bool TryParse<T>(IReadOnlyList<T> all, Func<T, string> text, string word, out T value)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(text);
        foreach (var v in all)
        {
            if (string.Equals(text(v), word, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}
