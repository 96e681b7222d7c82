using ComplianceMonitor.Api;

namespace ComplianceMonitor.Functions.Tests.Adversarial;

[Trait("Category", "unit")]
public sealed class AttackSurfaceTests
{
    [Fact]
    public void EveryRoute_CoversEveryRouteThatNeedsACaller()
    {
        var routes = ApiRoutes.All.Where(r => !r.Anonymous).Select(r => r.Name).Order(StringComparer.Ordinal);

        Assert.Equal(routes, AttackSurface.EveryRoute.Select(a => a.Route).Order(StringComparer.Ordinal));
    }
}
