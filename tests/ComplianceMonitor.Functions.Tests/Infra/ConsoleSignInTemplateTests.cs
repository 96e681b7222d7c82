using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ComplianceMonitor.Functions.Tests.Infra;

/// <summary>
/// Browser sign-in to the web console in Azure: App Service authentication lets exactly the console's static files
/// through without a session (every data route still answers 401), the deployment outputs the console's sign-in URL,
/// and the azd postprovision hook registers the browser callback on the app registration (run here against stub
/// <c>az</c>/<c>azd</c> commands that record what they were asked).
/// </summary>
[Trait("Category", "unit")]
[Collection(BicepCollection.Name)]
public sealed class ConsoleSignInTemplateTests(BicepTemplateFixture fixture)
{
    private const string FunctionUri = "https://func-cm-dev-abc123.azurewebsites.net";
    private const string Callback = FunctionUri + "/.auth/login/aad/callback";

    [Fact]
    public void ExcludedPaths_AreExactlyTheConsoleFiles()
    {
        var module = fixture.Main.Module("functions");
        var paths = module.Variable("consoleFilePaths").AsArray().Select(p => (string)p!).ToList();

        var wwwroot = Path.Combine(fixture.RepoRoot, "src", "ComplianceMonitor.Api", "Console", "wwwroot");
        string[] expected = ["/api/console", "/api/console/", .. Directory.GetFiles(wwwroot).Select(f => "/api/console/" + Path.GetFileName(f))];
        Assert.Equal(expected.Order(StringComparer.Ordinal), paths.Order(StringComparer.Ordinal));
        Assert.All(paths, p => Assert.StartsWith("/api/console", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Outputs_ConsoleUrl_SignsInThenOpensTheConsole()
    {
        var functions = fixture.Main.Module("functions");
        Assert.Equal(
            "[format('https://{0}/.auth/login/aad?post_login_redirect_uri=/api/console/', reference('functionApp').defaultHostName)]",
            (string?)functions.Root["outputs"]!["consoleUrl"]!["value"]);
        Assert.Contains("outputs.consoleUrl.value", (string?)fixture.Main.Root["outputs"]!["CONSOLE_URL"]!["value"], StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_ConsoleBaseUrl_IsTheDeployedConsole_SoTheDigestLinksToIt()
    {
        var setting = Assert.Single(fixture.AppSettings, p => p.Key == "Console__BaseUrl");

        Assert.Equal("[format('https://{0}/api/console/', reference('functionApp').defaultHostName)]", ArmTemplate.AsSettingString(setting.Value));
    }

    [Fact]
    public void AzureYaml_PostprovisionHook_RunsTheRedirectScript()
    {
        var yaml = File.ReadAllText(Path.Combine(fixture.RepoRoot, "azure.yaml"));

        Assert.Contains("  postprovision:\n    posix:\n      shell: sh\n      run: bash infra/scripts/entra-redirect.sh\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void RedirectHook_AddsTheCallbackKeepsOtherUris_AndTurnsOnIdTokens()
    {
        using var stubs = new AzStubs(fixture.RepoRoot, existingUris: ["https://monitor.example.gov.cn/.auth/login/aad/callback"]);

        var (exit, stderr) = stubs.Run();

        Assert.True(exit == 0, stderr);
        var update = Assert.Single(stubs.AzCalls(), c => c.StartsWith("ad app update", StringComparison.Ordinal));
        Assert.Equal(
            "ad app update --id 11111111-2222-3333-4444-555555555555 --web-redirect-uris https://monitor.example.gov.cn/.auth/login/aad/callback "
            + Callback + " --enable-id-token-issuance true",
            update);
        Assert.Contains("adding web redirect URI " + Callback, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RedirectHook_SecondRun_DoesNotAddTheCallbackTwice()
    {
        using var stubs = new AzStubs(fixture.RepoRoot, existingUris: [Callback]);

        var (exit, stderr) = stubs.Run();

        Assert.True(exit == 0, stderr);
        var update = Assert.Single(stubs.AzCalls(), c => c.StartsWith("ad app update", StringComparison.Ordinal));
        Assert.Equal("ad app update --id 11111111-2222-3333-4444-555555555555 --web-redirect-uris " + Callback + " --enable-id-token-issuance true", update);
        Assert.DoesNotContain("adding web redirect URI", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RedirectHook_WithoutTheRegistration_StopsAndSaysWhy()
    {
        using var stubs = new AzStubs(fixture.RepoRoot, existingUris: [], clientId: "");

        var (exit, stderr) = stubs.Run();

        Assert.Equal(1, exit);
        Assert.Contains("AUTH_CLIENT_ID is not set", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(stubs.AzCalls(), c => c.StartsWith("ad app update", StringComparison.Ordinal));
    }

    /// <summary>A folder of stub <c>az</c> and <c>azd</c> scripts put first on PATH; <c>az</c> logs its arguments.</summary>
    private sealed class AzStubs : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("cm-az-stub-").FullName;

        public AzStubs(string repoRoot, IReadOnlyList<string> existingUris, string clientId = "11111111-2222-3333-4444-555555555555")
        {
            var log = Path.Combine(_dir, "az.log");
            var uris = string.Join("\n", existingUris);
            Write("az", $$"""
                #!/usr/bin/env bash
                echo "$*" >> '{{log}}'
                if [[ "$1 $2 $3" == "ad app show" ]]; then
                  printf '%s\n' '{{uris}}'
                fi
                """);
            Write("azd", $$"""
                #!/usr/bin/env bash
                case "$3" in
                  AUTH_CLIENT_ID) [[ -n '{{clientId}}' ]] && echo '{{clientId}}' || exit 1 ;;
                  SERVICE_FUNCTIONS_URI) echo '{{FunctionUri}}' ;;
                  *) exit 1 ;;
                esac
                """);
            Log = log;
            _script = Path.Combine(repoRoot, "infra", "scripts", "entra-redirect.sh");
        }

        private readonly string _script;

        private string Log { get; }

        public IReadOnlyList<string> AzCalls() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

        public (int Exit, string Stderr) Run()
        {
            var start = new ProcessStartInfo("bash", [_script]) { RedirectStandardError = true, RedirectStandardOutput = true };
            start.Environment["PATH"] = _dir + ":" + Environment.GetEnvironmentVariable("PATH");
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stderr.Result);
        }

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private void Write(string name, string text)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, text.Replace("\r", "", StringComparison.Ordinal) + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }
}
