using ComplianceMonitor.Infrastructure.Composition;

namespace ComplianceMonitor.Infrastructure.Reminders;

/// <summary>Recognises a provider secret that App Service could not resolve (it still reads <c>@Microsoft.KeyVault(...)</c>).</summary>
/// <remarks>Start-up refuses such settings (<see cref="DeploymentGuards"/>); the senders check again so that a reference that
/// stops resolving later pauses the channel instead of sending the reference text as a key.</remarks>
internal static class KeyVaultReference
{
    /// <summary>Whether <paramref name="value"/> is an unresolved Key Vault reference.</summary>
    public static bool IsUnresolved(string? value) =>
        value is not null && value.TrimStart().StartsWith(DeploymentGuards.KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase);
}
