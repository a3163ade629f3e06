namespace SessionTui;

/// <summary>Process exit codes of <c>sessiontui</c>, documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Something failed (tmux error, database error, terminal error); one line on stderr says what.</summary>
    public const int Failure = 1;

    /// <summary>Bad command line.</summary>
    public const int Usage = 2;

    /// <summary>No such session, or a name or id that matches more than one session.</summary>
    public const int NoSuchSession = 3;

    /// <summary>A session of that name already exists on the server (launch), or the run to resume still runs.</summary>
    public const int NameTaken = 4;

    /// <summary>A wait ran out of time (<c>send</c> not confirmed or its <c>--wait-for</c> not seen, <c>wait</c>); one line
    /// on stderr says what was waited for.</summary>
    public const int Timeout = 5;

    /// <summary><c>send --if-idle</c> refused: the agent is neither idle nor waiting; one line on stderr gives its state and the
    /// rule that decided it. Nothing was sent.</summary>
    public const int Refused = 6;

    /// <summary>tmux is not on PATH.</summary>
    public const int TmuxMissing = 127;
}
