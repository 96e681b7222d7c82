namespace ComplianceMonitor.Functions.Tests.Infra;

/// <summary>Compiles and lints infra/ with the Bicep CLI from NuGet and demands a clean result.</summary>
[Trait("Category", "unit")]
[Collection(BicepCollection.Name)]
public sealed class BicepCompileTests(BicepTemplateFixture fixture)
{
    [Fact]
    public void Build_MainTemplate_ReportsNoErrorsOrWarnings()
    {
        AssertClean(fixture.Build, "bicep build infra/main.bicep");
        Assert.Equal(
            "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
            (string?)fixture.Main.Root["$schema"]);
    }

    [Fact]
    public void Lint_MainTemplate_ReportsNoErrorsOrWarnings() =>
        AssertClean(fixture.Lint, "bicep lint infra/main.bicep");

    [Fact]
    public void Lint_EveryBicepFileUnderInfra_ReportsNoErrorsOrWarnings()
    {
        // Also covers modules main.bicep does not reference.
        var result = BicepCli.Run(fixture.RepoRoot, "lint", "--pattern", "infra/**/*.bicep");

        AssertClean(result, "bicep lint --pattern infra/**/*.bicep");
    }

    [Fact]
    public void ParseDiagnostics_WarningAndErrorLines_AreRecognised()
    {
        // Guards the parser the clean-build assertions rely on, with lines in the CLI's own format.
        const string output =
            "/r/infra/main.bicep(12,7) : Warning no-unused-params: Parameter \"x\" is declared but never used. [https://aka.ms/bicep/linter-diagnostics#no-unused-params]\n" +
            "/r/infra/app/rbac.bicep(3,15) : Error BCP103: The following token is not recognized: \"\"\".\n";

        var diagnostics = BicepCli.ParseDiagnostics(output);

        Assert.Collection(
            diagnostics,
            d =>
            {
                Assert.Equal(("/r/infra/main.bicep", 12, 7, "Warning", "no-unused-params"), (d.File, d.Line, d.Column, d.Level, d.Code));
            },
            d =>
            {
                Assert.Equal(("/r/infra/app/rbac.bicep", 3, 15, "Error", "BCP103"), (d.File, d.Line, d.Column, d.Level, d.Code));
            });
    }

    private static void AssertClean(BicepResult result, string command)
    {
        var diagnostics = string.Join('\n', result.ErrorsAndWarnings);
        Assert.True(result.ErrorsAndWarnings.Count == 0, $"{command} reported:\n{diagnostics}");
        Assert.True(result.ExitCode == 0, $"{command} exited {result.ExitCode}:\n{result.StandardError}");
        Assert.True(
            result.UnrecognisedErrorLines.Count == 0,
            $"{command} wrote unexpected stderr:\n{string.Join('\n', result.UnrecognisedErrorLines)}");
    }
}
