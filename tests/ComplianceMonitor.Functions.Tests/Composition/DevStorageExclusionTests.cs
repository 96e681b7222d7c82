using System.Reflection;
using System.Text.Json;
using ComplianceMonitor.Infrastructure.Storage;

namespace ComplianceMonitor.Functions.Tests.Composition;

/// <summary>
/// The local Azurite runner (<c>ComplianceMonitor.DevStorage</c>: npm install, process management) is development-only:
/// the Functions app and Infrastructure never reference it, directly or transitively, and it is never in their output.
/// </summary>
[Trait("Category", "unit")]
public sealed class DevStorageExclusionTests
{
    private const string DevStorage = "ComplianceMonitor.DevStorage";

    private static readonly string Root = FindRoot();

    [Fact]
    public void FunctionsAssembly_TransitiveReferences_NeverIncludeDevStorage()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(FunctionsHost).Assembly]);
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            foreach (var name in assembly.GetReferencedAssemblies().Where(n => n.Name!.StartsWith("ComplianceMonitor.", StringComparison.Ordinal)))
            {
                Assert.False(name.Name == DevStorage, $"{assembly.GetName().Name} references {DevStorage}.");
                if (seen.Add(name.Name!))
                {
                    pending.Push(Assembly.Load(name));
                }
            }
        }

        // The walk reached the production chain (so an empty walk cannot pass by accident).
        Assert.Contains("ComplianceMonitor.Infrastructure", seen);
        Assert.Contains("ComplianceMonitor.Api", seen);
    }

    [Fact]
    public void InfrastructureAssembly_HasNoAzuriteRunnerTypes()
    {
        var names = typeof(TableStorageOptions).Assembly.GetTypes().Select(t => t.Name).ToList();

        Assert.Contains(nameof(TableStorageOptions), names);
        Assert.DoesNotContain("LocalAzurite", names);
        Assert.DoesNotContain("LocalAzuriteOptions", names);
        Assert.DoesNotContain("StorageSession", names);
    }

    [Theory]
    [InlineData("src/ComplianceMonitor.Functions")]
    [InlineData("src/ComplianceMonitor.Infrastructure")]
    [InlineData("src/ComplianceMonitor.Api")]
    public void RestoredDependencyGraph_NeverIncludesDevStorage(string project)
    {
        // project.assets.json lists every project and package the project depends on, transitively.
        var assets = Path.Combine(Root, project, "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} is missing: the project was not restored.");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        var libraries = document.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains(libraries, l => l.StartsWith("ComplianceMonitor.Application/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, l => l.StartsWith(DevStorage + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionsBuildOutput_NeverContainsDevStorage()
    {
        var bin = Path.Combine(Root, "src", "ComplianceMonitor.Functions", "bin");
        var outputs = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, "ComplianceMonitor.Functions.dll", SearchOption.AllDirectories).Select(Path.GetDirectoryName).OfType<string>().ToList()
            : [];
        Assert.NotEmpty(outputs); // this test project builds the Functions app, so its output exists

        foreach (var output in outputs)
        {
            Assert.False(File.Exists(Path.Combine(output, DevStorage + ".dll")), $"{output} contains {DevStorage}.dll.");
            var deps = Path.Combine(output, "ComplianceMonitor.Functions.deps.json");
            if (File.Exists(deps))
            {
                Assert.DoesNotContain(DevStorage, File.ReadAllText(deps), StringComparison.Ordinal);
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ComplianceMonitor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ComplianceMonitor.sln not found above " + AppContext.BaseDirectory);
    }
}
