using System.CommandLine;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>One sub-command of <c>cm</c>. Add a command by adding a type in this folder and one line to <see cref="CliApp.Commands"/>.</summary>
public interface ICliCommand
{
    /// <summary>Builds the System.CommandLine command, with its options and its action bound to <paramref name="context"/>.</summary>
    /// <remarks>
    /// The action returns an exit code from <see cref="ExitCodes"/>. Option values that cannot be parsed
    /// should be reported as parse errors naming the option (they end in exit code 2 before the action runs).
    /// </remarks>
    Command Create(CliContext context);
}
