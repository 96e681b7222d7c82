using System.Security.Cryptography;

namespace ComplianceMonitor.Testing.Storage;

/// <summary>Unique names for test tables and queues.</summary>
public static class TestNames
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// A fresh prefix "t" + 9 lowercase letters/digits: valid at the start of table names (letters and digits,
    /// starting with a letter) and queue names (lowercase), leaving 53 characters for the base name.
    /// </summary>
    public static string UniquePrefix() => "t" + RandomNumberGenerator.GetString(Alphabet, 9);
}
