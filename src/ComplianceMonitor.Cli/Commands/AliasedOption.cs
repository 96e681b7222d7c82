using System.CommandLine;
using System.CommandLine.Parsing;

namespace ComplianceMonitor.Cli.Commands;

/// <summary>
/// An option with one name that help shows and former spellings that still work, hidden from help (scripts use them).
/// </summary>
/// <remarks>
/// System.CommandLine lists every alias in help; here each former spelling is its own hidden option built by the same
/// factory (same parser, validators, accepted values), and <see cref="GetValue(ParseResult)"/> reads whichever was given. Giving two
/// spellings at once is a parse error naming both; <see cref="Required"/> is checked across all of them.
/// </remarks>
/// <typeparam name="T">The option's value type.</typeparam>
public sealed class AliasedOption<T>
{
    /// <summary>Builds the option <paramref name="name"/> and one hidden option per former spelling in <paramref name="formerNames"/>.</summary>
    /// <param name="create">Builds an option of a given name (called once per spelling).</param>
    /// <param name="name">The one name shown in help, e.g. <c>--as-of</c>.</param>
    /// <param name="formerNames">Spellings that keep working, hidden, e.g. <c>--date</c>.</param>
    public AliasedOption(Func<string, Option<T>> create, string name, params string[] formerNames)
    {
        ArgumentNullException.ThrowIfNull(create);
        Option = create(name);
        Former = [.. formerNames.Select(n =>
        {
            var former = create(n);
            former.Hidden = true;
            former.DefaultValueFactory = null;
            return former;
        })];
    }

    /// <summary>The option help shows.</summary>
    public Option<T> Option { get; }

    /// <summary>The hidden options of the former spellings.</summary>
    public IReadOnlyList<Option<T>> Former { get; }

    /// <summary>The name help shows.</summary>
    public string Name => Option.Name;

    /// <summary>Whether one of the spellings must be given; help then says "(required)" at the end of the description.</summary>
    /// <remarks>The parser cannot mark the option required (a former spelling may stand in); the check is the command's.</remarks>
    /// <value>The default value is false.</value>
    public bool Required
    {
        get => _required;
        init
        {
            _required = value;
            if (value && Option.Description is { } d && !d.EndsWith("(required)", StringComparison.Ordinal))
            {
                Option.Description = d.TrimEnd('.') + " (required).";
            }
        }
    }

    private readonly bool _required;

    /// <summary>The option's value: from the spelling given, else the default of <see cref="Option"/>.</summary>
    public T? GetValue(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return GetValue(result.GetResult, result.GetValue);
    }

    /// <summary>The option's value in a command validator: from the spelling given, else the default of <see cref="Option"/>.</summary>
    public T? GetValue(CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return GetValue(result.GetResult, result.GetValue);
    }

    /// <summary>The value of the former spelling given, else of <see cref="Option"/>, through either kind of parse result.</summary>
    private T? GetValue(Func<Option, OptionResult?> find, Func<Option<T>, T?> read) =>
        Former.FirstOrDefault(former => find(former) is { Implicit: false }) is { } given ? read(given) : read(Option);

    /// <summary>Adds the option and its hidden former spellings to <paramref name="command"/>, with the checks across them.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(Option);
        foreach (var former in Former)
        {
            command.Add(former);
        }

        command.Validators.Add(r =>
        {
            var given = new[] { Option }.Concat(Former).Where(o => r.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            if (given.Count > 1)
            {
                r.AddError($"{Name}: give it once ({string.Join(" and ", given)} are the same option).");
            }
            else if (given.Count == 0 && Required)
            {
                r.AddError($"Option '{Name}' is required.");
            }
        });
    }
}

/// <summary>Adds <see cref="AliasedOption{T}"/> to commands in collection initialisers.</summary>
public static class AliasedOptionExtensions
{
    /// <summary>Adds <paramref name="option"/> (and its hidden former spellings) to <paramref name="command"/>.</summary>
    public static void Add<T>(this Command command, AliasedOption<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.AddTo(command);
    }
}

