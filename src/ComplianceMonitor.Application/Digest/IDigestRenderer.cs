namespace ComplianceMonitor.Application.Digest;

/// <summary>A rendered digest: what the supervisors receive.</summary>
/// <param name="Subject">The subject line.</param>
/// <param name="Html">The HTML body (tables and inline CSS only: no images, scripts or SVG).</param>
/// <param name="Text">The plain-text body.</param>
public sealed record DigestContent(string Subject, string Html, string Text);

/// <summary>Renders a <see cref="DigestModel"/> as an email (HTML and plain text).</summary>
public interface IDigestRenderer
{
    /// <summary>Renders <paramref name="model"/>.</summary>
    DigestContent Render(DigestModel model);
}

/// <summary>The format of a digest preview.</summary>
public enum DigestFormat
{
    /// <summary>The HTML body the supervisors receive.</summary>
    Html,

    /// <summary>The <see cref="DigestModel"/> as JSON (<see cref="DigestJson"/>).</summary>
    Json,

    /// <summary>The plain-text body.</summary>
    Text,
}

/// <summary>Renders a district's digest for a Beijing date without sending it (the HTTP preview and <c>cm digest</c>).</summary>
public interface IDigestPreview
{
    /// <summary>The digest of <paramref name="districtCode"/> for <paramref name="date"/> in <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="districtCode"/> is not a jurisdiction code (named).</exception>
    Task<string> RenderAsync(string districtCode, DateOnly date, DigestFormat format, CancellationToken cancellationToken = default);
}
