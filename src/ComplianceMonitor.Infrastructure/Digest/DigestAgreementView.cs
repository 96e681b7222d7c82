using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Application.Reminders.Content;
using ComplianceMonitor.Domain.Agreements;

namespace ComplianceMonitor.Infrastructure.Digest;

/// <summary>The performance-agreement sections of the digest view (issue 12), numbered after the sections before them.</summary>
public sealed partial record DigestView
{
    private static readonly string[] ChineseNumerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"];

    /// <summary>
    /// The four agreement sections (milestones due soon, late milestones, idle land, leases nearing their assessment not on
    /// track), the first numbered <paramref name="first"/>; the lease cells carry the lease's readiness word where it has one.
    /// None when the district has no agreement lease and no agreement finding.
    /// </summary>
    private static IEnumerable<DigestViewSection> AgreementSections(DigestModel model, int first)
    {
        var a = model.Agreement;
        var c = a.Counts;
        if (a.Readiness.Count == 0 && c == new DigestAgreementCounts(0, 0, 0, 0))
        {
            // A district with no agreement (or none read) gets no empty agreement sections.
            yield break;
        }

        var date = model.Date;
        yield return WithReadiness(AlertSection(Heading(first, Invariant($"{a.MilestoneWindowDays}日内到期的履约节点")), a.MilestonesDueSoon, c.MilestonesDueSoon, Amber, null, Invariant($"未来{a.MilestoneWindowDays}日内无到期的履约节点。"), date), a.MilestonesDueSoon, a);
        yield return WithReadiness(AlertSection(Heading(first + 1, "逾期未完成的履约节点"), a.LateMilestones, c.LateMilestones, Red, null, "无逾期未完成的履约节点。", date), a.LateMilestones, a);
        yield return WithReadiness(AlertSection(Heading(first + 2, "土地闲置"), a.IdleLand, c.IdleLand, Red, "约定开工日满一年未动工即构成闲置土地", "无闲置或临近闲置的土地。", date), a.IdleLand, a);
        yield return NearingAssessmentSection(Heading(first + 3, "临近考核且未达预期的项目"), a);
    }

    private static string Heading(int number, string title) =>
        (number >= 1 && number <= ChineseNumerals.Length ? ChineseNumerals[number - 1] : Invariant($"{number}")) + "、" + title;

    private static DigestViewSection WithReadiness(DigestViewSection section, IReadOnlyList<DigestItem> items, DigestAgreementSections a) =>
        section with
        {
            Rows =
            [
                .. section.Rows.Select((row, n) =>
                {
                    if (n >= items.Count || a.ReadinessOf(items[n].LeaseId) is not { } word)
                    {
                        return row;
                    }

                    var label = "履约评估：" + ReadinessAssessor.Chinese(word);
                    var lease = row.Cells[0];
                    var cells = row.Cells.ToList();
                    cells[0] = lease with { Note = string.IsNullOrEmpty(lease.Note) ? label : lease.Note + " · " + label };
                    var lines = row.TextLines.ToList();
                    lines[0] = lines[0].TrimEnd() + "  " + label;
                    return new DigestViewRow(cells, lines);
                }),
            ],
        };

    private static DigestViewSection NearingAssessmentSection(string title, DigestAgreementSections a) => new()
    {
        Title = title,
        CountText = Invariant($"共{a.Counts.NearingAssessment}项，考核申请截止日在{a.ReadinessWindowDays}日内"),
        Color = Purple,
        Headers = [new(LeaseColumn, 26), new("履约评估", 12), new("考核申请截止", 18), new("时限", 11), new("原因", 33)],
        Rows = Numbered(
            a.NearingAssessment.Select(r =>
            {
                var who = Who(r.LandUserName, r.ParcelName);
                var word = ReadinessAssessor.Chinese(r.Readiness);
                var reasons = r.Reasons.Count == 0 ? "—" : string.Join("；", r.Reasons);
                var days = r.DaysRemaining == 0 ? "今日到期" : Invariant($"还剩{r.DaysRemaining}天");
                return new DigestViewRow(
                    [
                        new DigestViewCell(r.LeaseId, who, Bold: true),
                        new DigestViewCell(word, ReadinessAssessor.WireName(r.Readiness), r.Readiness == ReadinessWord.OffTrack ? Red : Amber, Bold: true, NoWrap: true),
                        new DigestViewCell(ChineseDates.Date(r.AssessmentApplicationDeadline), ChineseDates.Weekday(r.AssessmentApplicationDeadline), NoWrap: true),
                        new DigestViewCell(days, Color: r.DaysRemaining <= 30 ? Red : Amber, Bold: true, NoWrap: true),
                        new DigestViewCell(reasons),
                    ],
                    [
                        $"{r.LeaseId}  {who}".TrimEnd(),
                        $"履约评估：{word}，考核申请截止{ShortDate(r.AssessmentApplicationDeadline)}，{days}",
                        reasons,
                    ]);
            })),
        EmptyText = Invariant($"考核申请截止日在{a.ReadinessWindowDays}日内的项目均履约正常。"),
        MoreText = More(a.NearingAssessment.Count, a.Counts.NearingAssessment),
    };
}
