namespace ComplianceMonitor.DevStorage;

/// <summary>Azurite could not be started; the message carries its output.</summary>
public sealed class AzuriteStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AzuriteStartException(string message)
        : base(message)
    {
    }
}
