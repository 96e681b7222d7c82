using System.Globalization;
using ComplianceMonitor.Domain.Rules;

namespace ComplianceMonitor.Application.Scanning;

/// <summary>How a scan tells an alert that disappeared because its rule changed ("rule revised") from one whose obligation was met.</summary>
/// <remarks>
/// <para>Every alert records the rule revision of the last scan that wrote it (<see cref="Alert.Revision"/>; alerts stored
/// before that read as 1). When a scan under revision N no longer produces an open alert that was last seen under an older
/// revision S &lt; N, and its rule changed in a revision in (S, N] (<see cref="RuleCatalog.LastChangedIn"/>) or the engine no
/// longer has a rule of that code, the alert was never confirmed under the new reading: it is closed as
/// <see cref="AlertResolution.RuleRevised"/>, not as met. Its pending or held reminders are withdrawn
/// (<see cref="Reminders.OutboxStatus.Withdrawn"/>, never sent), and its task is resolved with <see cref="TaskNote"/> by the
/// scan. Alerts still produced simply carry the new revision; from then on a disappearance is an obligation met again.</para>
/// <para>The record may have changed too since the alert was last seen (the district recorded the application the same day
/// the new revision went live): the product cannot run the old rules, so the resolution says what it knows, that the rule
/// changed and the alert was never confirmed under the new one.</para>
/// </remarks>
public static class RuleRevision
{
    /// <summary>The wire name of <see cref="AlertResolution.RuleRevised"/>.</summary>
    public const string RuleRevisedWire = "ruleRevised";

    /// <summary>The wire name of <see cref="AlertResolution.ObligationMet"/>.</summary>
    public const string ObligationMetWire = "obligationMet";

    /// <summary>The Chinese label of <see cref="AlertResolution.RuleRevised"/>.</summary>
    public const string RuleRevisedLabel = "规则修订";

    /// <summary>The Chinese label of <see cref="AlertResolution.ObligationMet"/>.</summary>
    public const string ObligationMetLabel = "义务已履行";

    /// <summary>The note recorded when the scan resolves a task because its alert was closed as rule revised.</summary>
    public const string TaskNote = "rule revised";

    /// <summary>The wire name of a resolution.</summary>
    public static string Wire(AlertResolution resolution) => resolution switch
    {
        AlertResolution.ObligationMet => ObligationMetWire,
        AlertResolution.RuleRevised => RuleRevisedWire,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, null),
    };

    /// <summary>The Chinese label of a resolution.</summary>
    public static string Label(AlertResolution resolution) => resolution == AlertResolution.RuleRevised ? RuleRevisedLabel : ObligationMetLabel;

    /// <summary>Parses a wire name; false when unknown.</summary>
    public static bool TryParse(string? text, out AlertResolution resolution)
    {
        resolution = text == RuleRevisedWire ? AlertResolution.RuleRevised : AlertResolution.ObligationMet;
        return text is RuleRevisedWire or ObligationMetWire;
    }

    /// <summary>The status reason of a reminder withdrawn because its alert was closed as rule revised under <paramref name="revision"/>.</summary>
    public static string WithdrawnReason(int revision) =>
        string.Create(CultureInfo.InvariantCulture, $"{RuleRevisedWire}: the alert's rule changed in revision {revision}; withdrawn, never sent ({RuleRevisedLabel})");

    /// <summary>The codes of the rules <paramref name="engine"/> evaluates.</summary>
    public static IReadOnlySet<RuleCode> CodesOf(RuleEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return engine.Rules.Select(r => r.Code).ToHashSet();
    }

    /// <summary>Why a scan under revision <paramref name="revision"/> (evaluating the rules <paramref name="codes"/>) resolves <paramref name="gone"/>, an open alert it no longer produced.</summary>
    public static AlertResolution ResolutionOf(Alert gone, int revision, IReadOnlySet<RuleCode> codes)
    {
        ArgumentNullException.ThrowIfNull(gone);
        ArgumentNullException.ThrowIfNull(codes);
        if (gone.Revision >= revision)
        {
            return AlertResolution.ObligationMet;
        }

        var changedIn = RuleCatalog.LastChangedIn(gone.Rule);
        var changed = changedIn > gone.Revision && changedIn <= revision;
        return changed || !codes.Contains(gone.Rule) ? AlertResolution.RuleRevised : AlertResolution.ObligationMet;
    }
}
