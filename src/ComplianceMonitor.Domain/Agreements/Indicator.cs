namespace ComplianceMonitor.Domain.Agreements;

/// <summary>Which way an indicator's target binds.</summary>
public enum IndicatorDirection
{
    /// <summary>不低于: the actual must be at least the target (investment intensity, output, tax).</summary>
    AtLeast,

    /// <summary>不高于: the actual must be at most the target (energy per unit of value added).</summary>
    AtMost,
}

/// <summary>One assessment indicator of the agreement (三（二）): its target and the actuals reported.</summary>
/// <remarks>Codes are free text from the agreement; docs/agreement.md names the common ones.</remarks>
public sealed record Indicator
{
    /// <summary>The indicator's code within the agreement, e.g. <c>investmentIntensity</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Its Chinese name, e.g. 投资强度.</summary>
    public required string Name { get; init; }

    /// <summary>Its unit, e.g. 万元/亩, or null.</summary>
    public string? Unit { get; init; }

    /// <summary>Whether the target is a floor or a ceiling.</summary>
    public required IndicatorDirection Direction { get; init; }

    /// <summary>The agreed target (greater than 0).</summary>
    public required decimal Target { get; init; }

    /// <summary>The reported actuals, at most one per period.</summary>
    public IReadOnlyList<IndicatorActual> Actuals { get; init; } = [];

    /// <summary>Whether <paramref name="value"/> meets the target in its direction.</summary>
    public bool Meets(decimal value) => Direction == IndicatorDirection.AtLeast ? value >= Target : value <= Target;

    /// <summary>
    /// How far <paramref name="value"/> goes towards the target: actual ÷ target for at-least, target ÷ actual for
    /// at-most (1 or more meets it); null for an at-most actual of 0, which meets any target.
    /// </summary>
    public decimal? Ratio(decimal value) =>
        Direction == IndicatorDirection.AtLeast ? value / Target
        : value == 0m ? null
        : Target / value;
}

/// <summary>One period's reported actual of an indicator.</summary>
/// <param name="Period">The reporting period: a calendar year, <c>yyyy</c>.</param>
/// <param name="Value">The value reported (0 or more).</param>
/// <param name="ReportedOn">The day it was reported (facts reported after a check's day are not yet known).</param>
public sealed record IndicatorActual(int Period, decimal Value, DateOnly ReportedOn);
