using ComplianceMonitor.Cli.Hosting;
using Microsoft.Extensions.Configuration;

namespace ComplianceMonitor.Cli;

/// <summary>What a command needs from its surroundings: the standard streams, the clock and the settings.</summary>
/// <remarks>Injected so that every command runs the same in-process (tests) and as the real <c>cm</c> process.</remarks>
/// <param name="Stdin">Standard input (read when a file option is <c>-</c>).</param>
/// <param name="Stdout">Standard output: the command's result.</param>
/// <param name="Stderr">Standard error: diagnostics for a person.</param>
/// <param name="Time">The clock; "today" is its Beijing date.</param>
public sealed record CliContext(TextReader Stdin, TextWriter Stdout, TextWriter Stderr, TimeProvider Time)
{
    private IConfiguration? _configuration;

    /// <summary>
    /// The settings every command reads: by default the process environment, built once on first use
    /// (<see cref="CliConfiguration.FromEnvironment"/>); tests set their own.
    /// </summary>
    public IConfiguration Configuration
    {
        get => _configuration ??= CliConfiguration.FromEnvironment();
        init => _configuration = value ?? throw new ArgumentNullException(nameof(value));
    }
}
