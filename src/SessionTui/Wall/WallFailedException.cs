using SessionTui.Core;

namespace SessionTui.Wall;

/// <summary>The wall's loop failed (a bug, not a tmux or database problem); the terminal was restored before this was
/// thrown. The message is one line for the user; the cause is the inner exception.</summary>
public sealed class WallFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="inner">What failed.</param>
    public WallFailedException(Exception inner)
        : base("the wall failed: " + OneLine.Of(inner ?? throw new ArgumentNullException(nameof(inner))), inner)
    {
    }
}
