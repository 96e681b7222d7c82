using Microsoft.Extensions.Options;

namespace ComplianceMonitor.Application.Tasks;

/// <summary>Options of enforcement tasks (configuration section <c>Tasks</c>), bound with <c>AddOptions().BindConfiguration(SectionName)</c> and checked at start-up.</summary>
public sealed record EnforcementTaskOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Tasks";

    /// <summary>Days from opening a task to its due date (<c>Tasks__DueDays</c>). <value>The default value is 15.</value></summary>
    public int DueDays { get; init; } = 15;
}

/// <summary>Checks <see cref="EnforcementTaskOptions"/>; a failure names the setting.</summary>
public sealed class EnforcementTaskOptionsValidator : IValidateOptions<EnforcementTaskOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, EnforcementTaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.DueDays >= 1
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{EnforcementTaskOptions.SectionName}__DueDays must be a whole number of days ≥ 1 (got {options.DueDays}).");
    }
}
