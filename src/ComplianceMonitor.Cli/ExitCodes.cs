namespace ComplianceMonitor.Cli;

/// <summary>The process exit codes of <c>cm</c> (records.md, "The command-line contract").</summary>
public static class ExitCodes
{
    /// <summary>Every record was checked (findings or not), or help was shown.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure inside the tool (a bug or an I/O fault); the message is on standard error.</summary>
    public const int Failure = 1;

    /// <summary>Bad input: an invalid record, a bad option value, or a missing input file. Nothing was checked.</summary>
    public const int InvalidInput = 2;
}
