using SessionTui.Core;
using SessionTui.Workcells.States;

namespace SessionTui.Workcells.Diagnosing;

/// <summary>
/// The agent-state rules as the diagnosis of an ended run (and a loop's limit check) reads a last screen: the built-in
/// rule files and the user's (<c>states/*.json</c> in the config folder), loaded on first use. A user file that does not
/// load is reported once through <c>warn</c> and the built-in rules are used, so a broken file never stops a run's end
/// being recorded. Thread-safe.
/// </summary>
public sealed class DiagnosisRules
{
    private readonly Lazy<StateClassifier> _classifier;

    /// <summary>Makes the rules of <paramref name="configDir"/>.</summary>
    /// <param name="configDir">SessionTui's configuration folder (its <c>states</c> folder holds the user's rule files).</param>
    /// <param name="warn">Receives one line when the user's rule files do not load.</param>
    public DiagnosisRules(string configDir, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(configDir);
        ArgumentNullException.ThrowIfNull(warn);
        _classifier = new Lazy<StateClassifier>(() =>
        {
            IReadOnlyList<StateRuleFile> rules;
            try
            {
                rules = StateRules.Load(Path.Join(configDir, "states"));
            }
            catch (StateRuleException e)
            {
                warn("the diagnosis uses the built-in state rules only: " + e.Message);
                rules = StateRules.Load(null);
            }

            // Freshness thresholds do not matter here: only the screen rules are read.
            return new StateClassifier(rules, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeZoneInfo.Local);
        });
    }

    /// <summary>The rules' reading of <paramref name="screen"/> (ANSI stripped), or null when none matches or there is no
    /// screen.</summary>
    /// <param name="screen">The last screen, plain text, or null.</param>
    /// <param name="now">Now (UTC), for a relative reset time.</param>
    public StateVerdict? Read(string? screen, DateTimeOffset now) =>
        screen is null ? null : _classifier.Value.ReadScreen(screen, "", now, "");
}
