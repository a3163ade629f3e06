namespace SessionTui.Cli;

/// <summary>No session, or more than one, matches a name or id given on the command line (exit code 3).</summary>
public sealed class SessionNotFoundException : Exception
{
    /// <summary>Creates the exception; the message is one line for the user.</summary>
    public SessionNotFoundException(string message)
        : base(message)
    {
    }
}
