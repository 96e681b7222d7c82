using ComplianceMonitor.Infrastructure.Leases;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Functions.Tests.Infra;

/// <summary>Checks the compiled template (artifacts of infra/main.bicep) for the properties the deployment depends on.</summary>
[Collection(BicepCollection.Name)]
public sealed partial class InfraTemplateTests(BicepTemplateFixture fixture)
{
    /// <summary>Built-in role ids the app identity needs, with the resource type each is scoped to.</summary>
    public static TheoryData<string, string, string> IdentityRoles => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts" },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6", "Microsoft.KeyVault/vaults" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components" },
    };

    [Fact]
    public void StorageAccount_Security_RefusesSharedKeysPublicBlobsAndOldTls()
    {
        var account = Assert.Single(fixture.Main.Module("storage").ResourcesOfType("Microsoft.Storage/storageAccounts"));
        var properties = account["properties"]!;

        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
    }

    [Fact]
    public void StorageAccount_TablesAndQueues_AreExactlyStorageNames()
    {
        var main = fixture.Main;

        Assert.Equal(
            StorageNames.Tables,
            Strings(main.Variable(VariableName(main.ModuleArgument("storage", "tables")))));
        Assert.Equal(
            StorageNames.Queues,
            Strings(main.Variable(VariableName(main.ModuleArgument("storage", "queues")))));
    }

    [Fact]
    public void StorageNames_Tables_IncludeEveryTableTheLeaseMonitoringDeliveryAndDigestStoresUse()
    {
        // The well-known names, spelled out, so that a store added without its table fails here.
        Assert.Equal(
            ["leases", "leaseindex", "alerts", "tasks", "outbox", "runs", "quarantine", "scanfanout", "deliveries", "channels", "preferences", "snoozes", "audit", "digests", "digestschedules"],
            StorageNames.Tables);
        Assert.Equal(["scan-district", "scan-district-poison"], StorageNames.Queues);
    }

    [Fact]
    public void StorageAccount_DeploymentContainer_IsTheFunctionAppPackageContainer()
    {
        var main = fixture.Main;
        var containers = main.ModuleArgument("storage", "containers")!.AsArray();

        var container = Assert.Single(containers);
        Assert.Equal("[variables('deploymentStorageContainerName')]", (string?)container);
        Assert.Equal(
            "[variables('deploymentStorageContainerName')]",
            (string?)main.ModuleArgument("functions", "deploymentStorageContainerName"));
    }

    [Fact]
    public void Plan_Sku_IsFlexConsumptionOnLinux()
    {
        var plan = Assert.Single(fixture.Main.Module("plan").ResourcesOfType("Microsoft.Web/serverfarms"));

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True(plan["properties"]!["reserved"]!.GetValue<bool>());
    }

    [Fact]
    public void FunctionApp_Config_RunsDotnetIsolated10FromIdentityDeploymentStorage()
    {
        var main = fixture.Main;
        var module = main.Module("functions");
        var site = Assert.Single(module.ResourcesOfType("Microsoft.Web/sites"));
        var config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)site["properties"]!["keyVaultReferenceIdentity"]);
        Assert.Equal("blobContainer", (string?)config["deployment"]!["storage"]!["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Equal("dotnet-isolated", (string?)main.ModuleArgument("functions", "runtimeName"));
        Assert.Equal("10.0", (string?)main.ModuleArgument("functions", "runtimeVersion"));
        Assert.NotNull(config["scaleAndConcurrency"]!["maximumInstanceCount"]);
        Assert.NotNull(config["scaleAndConcurrency"]!["instanceMemoryMB"]);
    }

    [Fact]
    public void FunctionApp_ServiceTag_MatchesTheAzdServiceInAzureYaml()
    {
        var azureYaml = File.ReadAllLines(Path.Combine(fixture.RepoRoot, "azure.yaml"));

        Assert.Equal("functions", (string?)fixture.Main.ModuleArgument("functions", "serviceName"));
        var service = Array.FindIndex(azureYaml, line => line == "  functions:");
        Assert.True(service > 0, "azure.yaml has no 'functions' service");
        var body = azureYaml.Skip(service + 1).TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal)).ToList();
        Assert.Contains("    project: ./src/ComplianceMonitor.Functions", body);
        Assert.Contains("    language: dotnet", body);
        Assert.Contains("    host: function", body);
        Assert.True(Directory.Exists(Path.Combine(fixture.RepoRoot, "src", "ComplianceMonitor.Functions")));
    }

    [Fact]
    public void KeyVault_Authorization_IsRbac()
    {
        var vault = Assert.Single(fixture.Main.Module("keyvault").ResourcesOfType("Microsoft.KeyVault/vaults"));

        Assert.True(vault["properties"]!["enableRbacAuthorization"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("secret-sendgrid", "sendGridApiKey", "SendGridApiKey")]
    [InlineData("secret-twilio", "twilioAuthToken", "TwilioAuthToken")]
    public void KeyVaultSecret_Module_IsSkippedWhenTheValueIsEmpty(string module, string parameter, string secretName)
    {
        var main = fixture.Main;
        var deployment = main.ModuleDeployment(module);

        Assert.Equal($"[not(empty(parameters('{parameter}')))]", (string?)deployment["condition"]);
        Assert.Equal($"[parameters('{parameter}')]", (string?)main.ModuleArgument(module, "value"));
        Assert.Equal(secretName, (string?)main.Variable(VariableName(main.ModuleArgument(module, "name"))));
    }

    [Fact]
    public void ApplicationInsights_LocalAuth_IsDisabled()
    {
        var component = Assert.Single(fixture.Main.Module("monitoring").ResourcesOfType("Microsoft.Insights/components"));

        Assert.True(component["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.Contains(
            "workspaces",
            (string?)component["properties"]!["WorkspaceResourceId"],
            StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(IdentityRoles))]
    public void RoleAssignments_AppIdentity_GetsRoleOnItsResource(string roleName, string roleId, string scopeType)
    {
        var rbac = fixture.Main.Module("rbac");
        var roles = rbac.Variable("roles").AsObject();
        var storageRoles = Strings(rbac.Variable("storageRoles"));

        // Each identity assignment names its role as variables('roles').<key> or, in the storage loop,
        // variables('storageRoles')[copyIndex()], which expands to the three storage roles.
        var granted = rbac.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Where(r => ((string?)r["properties"]!["principalId"])!.Contains("userAssignedIdentities", StringComparison.Ordinal))
            .SelectMany(r => RoleIds((string)r["properties"]!["roleDefinitionId"]!, roles, storageRoles)
                .Select(id => (Id: id, Scope: (string)r["scope"]!)))
            .ToList();

        Assert.True(
            granted.Any(g => g.Id == roleId && g.Scope.StartsWith($"[resourceId('{scopeType}'", StringComparison.Ordinal)),
            $"{roleName} ({roleId}) is not assigned to the app identity on {scopeType}.");
    }

    [Fact]
    public void RoleAssignments_EveryRoleGuid_IsNamedInTheInfraReadme()
    {
        var readme = File.ReadAllText(Path.Combine(fixture.RepoRoot, "infra", "README.md"));
        var roles = fixture.Main.Module("rbac").Variable("roles").AsObject();

        Assert.All(roles, role => Assert.Contains($"`{(string?)role.Value}`", readme, StringComparison.Ordinal));
    }

    private static List<string> RoleIds(string roleDefinitionId, JsonObject roles, IReadOnlyList<string> storageRoles)
    {
        var match = RoleReferencePattern().Match(roleDefinitionId);
        Assert.True(match.Success, $"Unexpected roleDefinitionId expression: {roleDefinitionId}");
        if (match.Groups["key"].Success)
        {
            return [(string)roles[match.Groups["key"].Value]!];
        }

        return storageRoles
            .Select(expression => RoleVariablePattern().Match(expression))
            .Select(role =>
            {
                Assert.True(role.Success, "storageRoles holds something other than [variables('roles').<key>]");
                return (string)roles[role.Groups["key"].Value]!;
            })
            .ToList();
    }

    private static string VariableName(JsonNode? expression)
    {
        var match = VariableReferencePattern().Match((string?)expression ?? string.Empty);
        Assert.True(match.Success, $"Expected [variables('...')], got {expression}");
        return match.Groups["name"].Value;
    }

    private static List<string> Strings(JsonNode node) =>
        node.AsArray().Select(item => (string)item!).ToList();

    [GeneratedRegex(@"^\[variables\('(?<name>[A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex VariableReferencePattern();

    [GeneratedRegex(@"subscriptionResourceId\('[^']+', variables\('(?:roles'\)\.(?<key>[A-Za-z0-9_]+)|storageRoles'\)\[copyIndex\(\)\])\)")]
    private static partial Regex RoleReferencePattern();

    [GeneratedRegex(@"^\[variables\('roles'\)\.(?<key>[A-Za-z0-9_]+)\]$")]
    private static partial Regex RoleVariablePattern();
}
