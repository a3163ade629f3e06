namespace SessionTui.Core;

/// <summary>The classifier used when no rule files are loaded: a screen whose last lines look like a question
/// (<see cref="Cards.LooksLikePrompt"/>) is waiting; nothing else is read from the screen, so freshness decides.</summary>
public sealed class PromptClassifier : IStateClassifier
{
    private PromptClassifier()
    {
    }

    /// <summary>The one instance.</summary>
    public static PromptClassifier Instance { get; } = new();

    /// <inheritdoc />
    public StateVerdict? ReadScreen(string screen, string title, DateTimeOffset now, string command) =>
        Cards.LooksLikePrompt(screen) ? new StateVerdict(AgentState.Waiting, "generic.prompt", "built-in", [], null) : null;
}
