using System.Text.Json;
using System.Text.Json.Nodes;

namespace ComplianceMonitor.Functions.Tests.Infra;

/// <summary>Compiles and lints infra/main.bicep once for every test in the <see cref="BicepCollection"/>.</summary>
public sealed class BicepTemplateFixture : IDisposable
{
    private readonly string _outputDirectory;
    private readonly Lazy<ArmTemplate> _main;
    private readonly Lazy<JsonObject> _localSettingsValues;

    /// <summary>Initializes a new instance of the <see cref="BicepTemplateFixture"/> class, running the Bicep CLI.</summary>
    public BicepTemplateFixture()
    {
        RepoRoot = RepositoryRoot.Find();
        _outputDirectory = Path.Combine(Path.GetTempPath(), "cm-bicep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_outputDirectory);

        Build = BicepCli.Run(RepoRoot, "build", Path.Combine("infra", "main.bicep"), "--outdir", _outputDirectory);
        Lint = BicepCli.Run(RepoRoot, "lint", Path.Combine("infra", "main.bicep"));

        _main = new Lazy<ArmTemplate>(LoadMainTemplate);
        _localSettingsValues = new Lazy<JsonObject>(LoadLocalSettingsValues);
    }

    /// <summary>Gets the repository root.</summary>
    internal string RepoRoot { get; }

    /// <summary>Gets the result of <c>bicep build infra/main.bicep</c>.</summary>
    internal BicepResult Build { get; }

    /// <summary>Gets the result of <c>bicep lint infra/main.bicep</c>.</summary>
    internal BicepResult Lint { get; }

    /// <summary>Gets the compiled main template.</summary>
    internal ArmTemplate Main => _main.Value;

    /// <summary>Gets the <c>Values</c> object of local.settings.sample.json.</summary>
    internal JsonObject LocalSettingsValues => _localSettingsValues.Value;

    /// <summary>Gets the app settings object of the function app (the appsettings config resource's properties).</summary>
    internal JsonObject AppSettings
    {
        get
        {
            var configs = Main.Module("functions").ResourcesOfType("Microsoft.Web/sites/config")
                .Where(r => ((string?)r["name"])?.Contains("'appsettings'", StringComparison.Ordinal) == true)
                .ToList();
            var config = Assert.Single(configs);
            // A literal object (not a union() expression), so every setting name is visible here.
            return Assert.IsType<JsonObject>(config["properties"]);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(_outputDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private ArmTemplate LoadMainTemplate()
    {
        var path = Path.Combine(_outputDirectory, "main.json");
        if (Build.ExitCode != 0 || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"bicep build failed (exit {Build.ExitCode}):\n{Build.StandardError}\n{Build.StandardOutput}");
        }

        return new ArmTemplate(JsonNode.Parse(File.ReadAllText(path))!.AsObject());
    }

    private JsonObject LoadLocalSettingsValues()
    {
        var path = Path.Combine(RepoRoot, "local.settings.sample.json");
        var root = JsonNode.Parse(
            File.ReadAllText(path),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow })!.AsObject();
        Assert.False(root["IsEncrypted"]!.GetValue<bool>());
        return root["Values"]!.AsObject();
    }
}

/// <summary>Shares one <see cref="BicepTemplateFixture"/> (one Bicep compile) across the infra test classes.</summary>
[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepTemplateFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Bicep";
}
