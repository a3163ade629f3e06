namespace SessionTui.Core;

/// <summary>The one way the product turns an error into the single line a user sees (status bar, stderr, cards).</summary>
public static class OneLine
{
    /// <summary>The first non-empty line of <paramref name="text"/>, trimmed; <paramref name="fallback"/> when there is none.</summary>
    public static string Of(string? text, string fallback = "unknown error")
    {
        if (text is null)
        {
            return fallback;
        }

        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                return trimmed;
            }
        }

        return fallback;
    }

    /// <summary>The first line of <paramref name="error"/>'s message (an aggregate with one inner exception speaks for
    /// that one); the exception's type name when the message is empty.</summary>
    public static string Of(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var inner = error is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : error;
        return Of(inner.Message, inner.GetType().Name);
    }
}
