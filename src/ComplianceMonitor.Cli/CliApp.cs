using System.CommandLine;
using System.CommandLine.Parsing;
using ComplianceMonitor.Cli.Commands;

namespace ComplianceMonitor.Cli;

/// <summary>The <c>cm</c> command line: parses the arguments, runs the command, returns the exit code.</summary>
/// <remarks>
/// Everything the process touches (standard streams, clock) is passed in, so tests run the real command
/// line in-process; <c>Program.cs</c> passes the console and <see cref="TimeProvider.System"/>.
/// Parse errors (a missing or malformed option) go to standard error, name the option, and end in exit code 2.
/// </remarks>
public static class CliApp
{
    /// <summary>The sub-commands of <c>cm</c>. To add one: a type in <c>Commands/</c> and one line here.</summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new CheckCommand(),
        new ImportCommand(),
        new ScanCommand(),
        new AlertsCommand(),
        new TasksCommand(),
        new OutboxCommand(),
        new RemindersCommand(),
        new DigestCommand(),
        new DispatchCommand(),
        new PrefsCommand(),
        new SnoozeCommand(),
        new RunCommand(),
        new ServeCommand(),
        new LeasesCommand(),
        new ReturnQuoteCommand(),
        new IndicatorsCommand(),
        new ReturnCommand(),
    ];

    /// <summary>Builds the root command with every registered sub-command bound to <paramref name="context"/>.</summary>
    public static RootCommand CreateRootCommand(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand("cm: the ComplianceMonitor console runner for Beijing's industrial land lease-first, transfer-later policy (先租后让).");
        foreach (var command in Commands)
        {
            root.Add(command.Create(context));
        }

        return root;
    }

    /// <summary>The message of a parse error, prefixed with the option it concerns when the message does not name it.</summary>
    /// <summary>'cm alerts list --help' for the command that failed to parse (its whole path, not its last word).</summary>
    private static string UsageHint(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? s = result; s is CommandResult c && c.Command is not RootCommand; s = c.Parent)
        {
            names.Insert(0, c.Command.Name);
        }

        return names.Count == 0 ? "cm --help" : $"cm {string.Join(' ', names)} --help";
    }

    private static string Describe(ParseError error)
    {
        for (var symbol = error.SymbolResult; symbol is not null; symbol = symbol.Parent)
        {
            if (symbol is OptionResult option)
            {
                var name = option.Option.Name;
                return error.Message.Contains(name, StringComparison.Ordinal) ? error.Message : $"{name}: {error.Message}";
            }
        }

        return error.Message;
    }

    /// <summary>Runs <c>cm</c> with <paramref name="args"/> and returns the process exit code (<see cref="ExitCodes"/>).</summary>
    /// <param name="args">The command-line arguments, without the program name.</param>
    /// <param name="stdin">Standard input.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="time">The clock; "today" is its Beijing date.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<int> RunAsync(
        string[] args,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        TimeProvider time,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(time);

        var context = new CliContext(stdin, stdout, stderr, time);
        var root = CreateRootCommand(context);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await stderr.WriteLineAsync($"error: {Describe(error)}");
            }

            var usage = UsageHint(parseResult.CommandResult);
            await stderr.WriteLineAsync($"Run '{usage}' for usage.");
            await stderr.FlushAsync(cancellationToken);
            return ExitCodes.InvalidInput;
        }

        var configuration = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("cancelled.");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            // A bug or an I/O fault, not bad input: say what happened, without a wall of stack trace.
            await stderr.WriteLineAsync($"error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            await stdout.FlushAsync(CancellationToken.None);
        }
    }
}
