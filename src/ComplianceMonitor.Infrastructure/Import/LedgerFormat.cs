namespace ComplianceMonitor.Infrastructure.Import;

/// <summary>The file formats a district ledger can be imported from.</summary>
public enum LedgerFormat
{
    /// <summary>The wire JSON (records.md): one record or an array of records.</summary>
    Json,

    /// <summary>UTF-8 CSV with the columns of the 租赁台账 sheet, child lists in compact cells (docs/ledger-columns.md).</summary>
    Csv,

    /// <summary>The Excel workbook: 租赁台账 plus the child sheets 租金计划, 租金缴纳, 地价缴纳, 事项 and the agreement's 履约节点, 履约指标, 指标实绩.</summary>
    Xlsx,
}
