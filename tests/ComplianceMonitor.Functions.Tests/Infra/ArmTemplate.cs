using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ComplianceMonitor.Functions.Tests.Infra;

/// <summary>Read-only navigation over one compiled ARM template (main.json or a module's nested template).</summary>
/// <remarks>
/// Bicep emits <c>resources</c> as an array, or as an object keyed by symbolic name when a file needs
/// language version 2.0 (for example when it imports types); both shapes are handled.
/// </remarks>
internal sealed partial class ArmTemplate
{
    /// <summary>Initializes a new instance of the <see cref="ArmTemplate"/> class.</summary>
    public ArmTemplate(JsonObject root) => Root = root;

    /// <summary>Gets the template's JSON.</summary>
    public JsonObject Root { get; }

    /// <summary>Gets the resources declared directly in this template (existing references included).</summary>
    public IReadOnlyList<JsonObject> Resources =>
        Root["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject map => map.Select(pair => pair.Value).OfType<JsonObject>().ToList(),
            _ => [],
        };

    /// <summary>Returns the resources of the given type declared directly in this template, existing ones left out.</summary>
    public IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        Resources
            .Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase))
            .Where(r => r["existing"]?.GetValue<bool>() != true)
            .ToList();

    /// <summary>Returns the module deployment resource (Microsoft.Resources/deployments) with the given name.</summary>
    public JsonObject ModuleDeployment(string name) =>
        ResourcesOfType("Microsoft.Resources/deployments").SingleOrDefault(r => (string?)r["name"] == name)
        ?? throw new InvalidOperationException($"The template declares no module deployment named '{name}'.");

    /// <summary>Returns the nested template of the module deployment with the given name.</summary>
    public ArmTemplate Module(string name) =>
        new(ModuleDeployment(name)["properties"]?["template"]?.AsObject()
            ?? throw new InvalidOperationException($"Module '{name}' has no nested template."));

    /// <summary>Returns the value (an ARM expression or a literal) a module deployment passes for a parameter.</summary>
    public JsonNode? ModuleArgument(string module, string parameter) =>
        ModuleDeployment(module)["properties"]?["parameters"]?[parameter]?["value"];

    /// <summary>Returns the declaration of a template parameter.</summary>
    public JsonObject Parameter(string name) =>
        Root["parameters"]?[name]?.AsObject()
        ?? throw new InvalidOperationException($"The template declares no parameter '{name}'.");

    /// <summary>Returns the value of a template variable.</summary>
    public JsonNode Variable(string name) =>
        Root["variables"]?[name]
        ?? throw new InvalidOperationException($"The template declares no variable '{name}'.");

    /// <summary>Returns the parameter name when <paramref name="expression"/> is exactly <c>[parameters('name')]</c>.</summary>
    public static string? ParameterReference(JsonNode? expression) =>
        expression is JsonValue value && value.TryGetValue<string>(out var text)
            && ParameterReferencePattern().Match(text) is { Success: true } match
            ? match.Groups["name"].Value
            : null;

    /// <summary>Returns a node as the string an app setting or parameter default would hold.</summary>
    public static string? AsSettingString(JsonNode? node) =>
        node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonValue value => value.ToJsonString(),
            _ => node.ToJsonString(),
        };

    [GeneratedRegex(@"^\[parameters\('(?<name>[A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex ParameterReferencePattern();
}
