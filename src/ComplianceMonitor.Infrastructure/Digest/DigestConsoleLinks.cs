using ComplianceMonitor.Application.Digest;

namespace ComplianceMonitor.Infrastructure.Digest;

public sealed partial record DigestView
{
    /// <summary>The first column of every lease table: the lease id (and the land user under it).</summary>
    internal const string LeaseColumn = "租赁合同 / 用地单位";

    /// <summary>
    /// This view with links into the web console: the dashboard in the banner and, in every lease table, the lease id
    /// linked to its console page (HTML) and the page's address under the row (text). Unchanged when no console is
    /// configured.
    /// </summary>
    public DigestView WithConsoleLinks(ConsoleLinks links)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (!links.Enabled)
        {
            return this;
        }

        return this with
        {
            ConsoleUrl = links.Dashboard,
            Sections = [.. Sections.Select(section => section.Headers.Count == 0 || section.Headers[0].Text != LeaseColumn
                ? section
                : section with
                {
                    Rows = [.. section.Rows.Select(row =>
                    {
                        var href = links.Lease(row.Cells[0].Text);
                        // The text lines are numbered already ("1. …", then indented to match): indent the same way.
                        var second = row.TextLines.Count > 1 ? row.TextLines[1] : "   ";
                        var indent = second[..(second.Length - second.TrimStart().Length)];
                        return new DigestViewRow(
                            [row.Cells[0] with { Href = href }, .. row.Cells.Skip(1)],
                            [.. row.TextLines, indent + "控制台：" + href]);
                    })],
                })],
        };
    }
}
