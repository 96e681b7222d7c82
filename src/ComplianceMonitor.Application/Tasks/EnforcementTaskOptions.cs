using ComplianceMonitor.Application.Scanning;
using ComplianceMonitor.Application.Storage;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ComplianceMonitor.Application.Tasks;

/// <summary>Options of enforcement tasks (configuration section <c>Tasks</c>).</summary>
public sealed record EnforcementTaskOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Tasks";

    /// <summary>Days from opening a task to its due date (<c>Tasks__DueDays</c>). <value>The default value is 15.</value></summary>
    public int DueDays { get; init; } = 15;

    /// <summary>Reads the options; an absent key takes its default, a bad one names the key.</summary>
    public static EnforcementTaskOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration.GetSection(SectionName)["DueDays"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new EnforcementTaskOptions();
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 1
            ? new EnforcementTaskOptions { DueDays = days }
            : throw new InvalidOperationException($"Configuration {SectionName}__DueDays must be a whole number of days ≥ 1 (got '{text}').");
    }
}
