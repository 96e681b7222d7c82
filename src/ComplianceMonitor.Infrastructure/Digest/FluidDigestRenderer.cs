using ComplianceMonitor.Application.Digest;
using System.Resources;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace ComplianceMonitor.Infrastructure.Digest;

/// <summary>Renders digests with the Fluid (Liquid) templates embedded in this assembly.</summary>
/// <remarks>
/// The templates (Templates/digest.html.liquid and digest.txt.liquid, embedded through DigestTemplates.resx) see only a
/// <see cref="DigestView"/> of strings. The HTML is built for mail clients: nested tables, inline CSS, no images, scripts,
/// SVG or external styles; the deadline chart is table cells with percentage widths. HTML output escapes markup but
/// keeps Chinese as is. Thread-safe.
/// </remarks>
public sealed class FluidDigestRenderer : IDigestRenderer
{
    private static readonly Lazy<(IFluidTemplate Html, IFluidTemplate Text)> Templates = new(Load);
    private static readonly TemplateOptions Options = CreateOptions();
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly ConsoleLinks _links;

    /// <summary>A renderer without links into the web console.</summary>
    public FluidDigestRenderer()
        : this(ConsoleLinks.None)
    {
    }

    /// <summary>A renderer that links leases to their pages in the web console when one is configured.</summary>
    public FluidDigestRenderer(ConsoleLinks links) => _links = links ?? throw new ArgumentNullException(nameof(links));

    /// <inheritdoc/>
    public DigestContent Render(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var view = DigestView.From(model).WithConsoleLinks(_links);
        var (htmlTemplate, textTemplate) = Templates.Value;
        var html = htmlTemplate.Render(new TemplateContext(view, Options), Html);
        var text = textTemplate.Render(new TemplateContext(view, Options), NullEncoder.Default);
        return new DigestContent(view.Subject, html, text);
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        options.MemberAccessStrategy.Register<DigestView>();
        options.MemberAccessStrategy.Register<DigestViewSection>();
        options.MemberAccessStrategy.Register<DigestViewHeader>();
        options.MemberAccessStrategy.Register<DigestViewRow>();
        options.MemberAccessStrategy.Register<DigestViewCell>();
        options.MemberAccessStrategy.Register<DigestViewTile>();
        options.MemberAccessStrategy.Register<DigestViewWeek>();
        options.MemberAccessStrategy.Register<DigestViewStat>();
        return options;
    }

    private static (IFluidTemplate, IFluidTemplate) Load()
    {
        var resources = new ResourceManager("ComplianceMonitor.Infrastructure.Digest.DigestTemplates", typeof(FluidDigestRenderer).Assembly);
        return (Parse(resources, "DigestHtml"), Parse(resources, "DigestText"));

        static IFluidTemplate Parse(ResourceManager resources, string name)
        {
            var source = resources.GetString(name, System.Globalization.CultureInfo.InvariantCulture)
                ?? throw new InvalidOperationException($"embedded template '{name}' is missing");
            var parser = new FluidParser();
            return parser.TryParse(source, out var template, out var error)
                ? template
                : throw new InvalidOperationException($"embedded template '{name}' does not parse: {error}");
        }
    }
}
