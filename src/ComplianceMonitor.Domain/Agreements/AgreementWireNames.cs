namespace ComplianceMonitor.Domain.Agreements;

/// <summary>The wire names of the agreement's enums (agreement.md): camelCase, stable once released.</summary>
public static class AgreementWireNames
{
    /// <summary>The wire name of a milestone kind, e.g. <c>constructionStart</c>.</summary>
    public static string Of(MilestoneKind kind) => kind switch
    {
        MilestoneKind.LandDelivery => "landDelivery",
        MilestoneKind.ConstructionStart => "constructionStart",
        MilestoneKind.ConstructionCompletion => "constructionCompletion",
        MilestoneKind.Production => "production",
        MilestoneKind.FullProduction => "fullProduction",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The wire name of an indicator direction.</summary>
    public static string Of(IndicatorDirection direction) => direction switch
    {
        IndicatorDirection.AtLeast => "atLeast",
        IndicatorDirection.AtMost => "atMost",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    /// <summary>The wire name of a damages base.</summary>
    public static string Of(DamagesBase b) => b switch
    {
        DamagesBase.BasePrice => "basePrice",
        DamagesBase.LeaseRent => "leaseRent",
        _ => throw new ArgumentOutOfRangeException(nameof(b), b, null),
    };

    /// <summary>The Chinese name of a milestone kind (交地, 开工, 竣工, 投产, 达产).</summary>
    public static string Chinese(MilestoneKind kind) => kind switch
    {
        MilestoneKind.LandDelivery => "交地",
        MilestoneKind.ConstructionStart => "开工",
        MilestoneKind.ConstructionCompletion => "竣工",
        MilestoneKind.Production => "投产",
        MilestoneKind.FullProduction => "达产",
        _ => kind.ToString(),
    };

    /// <summary>The Chinese word of a direction (不低于, 不高于).</summary>
    public static string Chinese(IndicatorDirection direction) => direction == IndicatorDirection.AtMost ? "不高于" : "不低于";
}
