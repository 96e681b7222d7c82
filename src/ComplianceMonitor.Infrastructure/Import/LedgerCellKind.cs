namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>How a ledger cell is read and what it becomes in the wire JSON.</summary>
public enum LedgerCellKind
{
    /// <summary>Text, trimmed; a number cell is written without a decimal point when whole (e.g. a mobile number).</summary>
    Text,

    /// <summary>A district: the GB/T 2260 code (or the product's zone code), or the jurisdiction's Chinese name.</summary>
    District,

    /// <summary>A date: an Excel date cell, or text <c>yyyy-MM-dd</c> (also <c>yyyy/M/d</c>, <c>yyyy-M-d</c>).</summary>
    Date,

    /// <summary>A number (amount in yuan, area in square metres): a number cell, or text in invariant format.</summary>
    Decimal,

    /// <summary>A whole number (years); written as a number, so the record reader decides whether it is whole.</summary>
    Integer,

    /// <summary>新增/存量盘活 or new/existing.</summary>
    SupplyMode,

    /// <summary>通过/不通过 or passed/failed.</summary>
    AssessmentResult,

    /// <summary>租赁/续租 or lease/renewal; empty means lease.</summary>
    RentPeriod,

    /// <summary>转让/转租/抵押/改变用途/改变产业类型/房地产开发 or the English codes.</summary>
    EventType,

    /// <summary>交地/开工/竣工/投产/达产 or the milestone kinds of agreement.md (landDelivery, constructionStart, …).</summary>
    MilestoneKind,

    /// <summary>不低于/不高于 or atLeast/atMost.</summary>
    IndicatorDirection,

    /// <summary>竞得价或补缴土地收益/租赁期租金 or basePrice/leaseRent.</summary>
    DamagesBase,

    /// <summary>CSV only: the rent schedule in compact notation, e.g. <c>2024-03-01=7733750.00;2029-03-01=100.00@renewal</c>.</summary>
    RentScheduleList,

    /// <summary>CSV only: rent payments in compact notation, e.g. <c>2024-03-01=7733750.00#竞买保证金转租金</c>.</summary>
    RentPaymentList,

    /// <summary>CSV only: land price payments in compact notation, e.g. <c>2029-06-01=20000000.00</c>.</summary>
    PricePaymentList,

    /// <summary>CSV only: events in compact notation, e.g. <c>mortgage@2025-06-10#京(2025)房山区不动产证明第0001234号</c>.</summary>
    EventList,

    /// <summary>CSV only: the agreement's milestones in compact notation, e.g. <c>开工@2024-09-01=2024-08-28;竣工@2026-03-01</c>.</summary>
    MilestoneList,

    /// <summary>CSV only: the agreement's indicators in compact notation, e.g. <c>投资强度(investmentIntensity)不低于800万元/亩</c>.</summary>
    IndicatorList,

    /// <summary>CSV only: indicator actuals in compact notation, e.g. <c>investmentIntensity@2025=620#2026-01-20</c>.</summary>
    IndicatorActualList,
}
