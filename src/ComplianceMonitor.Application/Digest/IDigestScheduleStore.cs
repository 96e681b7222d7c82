namespace ComplianceMonitor.Application.Digest;

/// <summary>A district's digest settings kept in storage, changeable without a redeployment; each set field overrides configuration.</summary>
public sealed record StoredDigestSchedule
{
    /// <summary>The jurisdiction code.</summary>
    public required string DistrictCode { get; init; }

    /// <summary>The district's schedule (Cronos, Beijing time), or null to keep the configured one.</summary>
    public string? Cron { get; init; }

    /// <summary>The supervisors' addresses, comma separated, or null to keep the configured ones.</summary>
    public string? Recipients { get; init; }

    /// <summary>False pauses the district's digest.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Who changed it last.</summary>
    public string? UpdatedBy { get; init; }

    /// <summary>When it was changed last (UTC).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The stored version tag, or null before it is stored.</summary>
    public string? ETag { get; init; }

    /// <summary>Checks the fields; throws <see cref="FormatException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (!Domain.Jurisdictions.Jurisdiction.IsKnown(DistrictCode))
        {
            throw new FormatException($"districtCode: '{DistrictCode}' is not a jurisdiction code");
        }

        if (Cron is not null)
        {
            DigestCron.Parse(Cron, "cron");
        }

        DigestRecipients.Parse(Recipients, "recipients");
    }
}

/// <summary>Per-district digest schedules in storage (one entry per district at most).</summary>
public interface IDigestScheduleStore
{
    /// <summary>Reads every stored schedule (one small query).</summary>
    Task<IReadOnlyList<StoredDigestSchedule>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one district's stored schedule, or null.</summary>
    Task<StoredDigestSchedule?> GetAsync(string districtCode, CancellationToken cancellationToken = default);

    /// <summary>Validates and stores <paramref name="schedule"/> (replacing any), returning it with its new ETag.</summary>
    /// <exception cref="FormatException">A field is invalid (named).</exception>
    Task<StoredDigestSchedule> PutAsync(StoredDigestSchedule schedule, CancellationToken cancellationToken = default);

    /// <summary>Removes a district's stored schedule; true when there was one.</summary>
    Task<bool> DeleteAsync(string districtCode, CancellationToken cancellationToken = default);
}
