namespace ComplianceMonitor.Application.Reminders;

/// <summary>An email address with an optional display name.</summary>
/// <remarks>The address is checked only for the things that would break a message header (empty, no '@', line breaks).</remarks>
public sealed record EmailAddress
{
    /// <summary>Creates an address; throws <see cref="ArgumentException"/> naming the field when it cannot be used.</summary>
    public EmailAddress(string address, string? displayName = null)
    {
        if (string.IsNullOrWhiteSpace(address) || !address.Contains('@', StringComparison.Ordinal) || HasLineBreak(address) || address.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException($"address: '{ContactMask.Email(address)}' is not a usable email address", nameof(address));
        }

        if (displayName is not null && HasLineBreak(displayName))
        {
            throw new ArgumentException("displayName: must not contain line breaks", nameof(displayName));
        }

        Address = address.Trim();
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
    }

    /// <summary>The address, e.g. zhang@example.com.</summary>
    public string Address { get; }

    /// <summary>The name shown with the address, or null.</summary>
    public string? DisplayName { get; }

    /// <inheritdoc/>
    public override string ToString() => ContactMask.Email(Address);

    private static bool HasLineBreak(string s) => s.Contains('\r', StringComparison.Ordinal) || s.Contains('\n', StringComparison.Ordinal);
}

/// <summary>A file attached to an email.</summary>
/// <param name="FileName">The file name the recipient sees, e.g. deadline.ics.</param>
/// <param name="ContentType">The MIME type, e.g. text/calendar.</param>
/// <param name="Content">The raw bytes (senders encode them as needed).</param>
public sealed record EmailAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>One email to send, provider-neutral.</summary>
/// <remarks>
/// <see cref="OutboxId"/> identifies the outbox entry the message came from; senders pass it to the provider
/// as the custom argument <c>outboxId</c> (<see cref="OutboxIdKey"/>) so delivery events can be matched back.
/// </remarks>
public sealed record EmailMessage
{
    /// <summary>The custom-argument name that carries <see cref="OutboxId"/>.</summary>
    public const string OutboxIdKey = "outboxId";

    /// <summary>The recipients (at least one).</summary>
    public required IReadOnlyList<EmailAddress> To { get; init; }

    /// <summary>The sender; null means the configured default (<c>Email__FromAddress</c>, <c>Email__FromName</c>).</summary>
    public EmailAddress? From { get; init; }

    /// <summary>The subject line (may be Chinese; senders encode it).</summary>
    public required string Subject { get; init; }

    /// <summary>The HTML body.</summary>
    public required string HtmlBody { get; init; }

    /// <summary>The plain-text body.</summary>
    public required string TextBody { get; init; }

    /// <summary>Files attached to the message.</summary>
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>Provider categories for statistics, e.g. reminder, assessment_application, d-7 (at most 10).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The outbox entry this message came from.</summary>
    public required string OutboxId { get; init; }

    /// <summary>Further custom arguments passed through to the provider (besides <see cref="OutboxIdKey"/>).</summary>
    public IReadOnlyDictionary<string, string> CustomArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>All custom arguments including <c>outboxId</c>, in a stable order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AllCustomArgs() =>
        [new(OutboxIdKey, OutboxId), .. CustomArgs.Where(kv => kv.Key != OutboxIdKey).OrderBy(kv => kv.Key, StringComparer.Ordinal)];

    /// <summary>Checks the message is complete; throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public void Validate()
    {
        if (To is null || To.Count == 0)
        {
            throw new ArgumentException("To: at least one recipient is required", nameof(To));
        }

        if (string.IsNullOrWhiteSpace(Subject))
        {
            throw new ArgumentException("Subject: must not be empty", nameof(Subject));
        }

        if (Subject.Contains('\r', StringComparison.Ordinal) || Subject.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("Subject: must not contain line breaks", nameof(Subject));
        }

        if (string.IsNullOrWhiteSpace(OutboxId))
        {
            throw new ArgumentException("OutboxId: must not be empty", nameof(OutboxId));
        }

        if (Categories.Count > 10)
        {
            throw new ArgumentException($"Categories: at most 10 allowed, got {Categories.Count}", nameof(Categories));
        }

        foreach (var a in Attachments)
        {
            if (string.IsNullOrWhiteSpace(a.FileName) || a.FileName.IndexOfAny(['\r', '\n', '"', '/', '\\']) >= 0)
            {
                throw new ArgumentException($"Attachments: file name '{a.FileName}' is not usable", nameof(Attachments));
            }

            if (string.IsNullOrWhiteSpace(a.ContentType) || a.ContentType.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Attachments: content type of '{a.FileName}' is not usable", nameof(Attachments));
            }
        }
    }
}
