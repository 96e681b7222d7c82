using ComplianceMonitor.Testing.Storage;

namespace ComplianceMonitor.DevStorage.Tests;

/// <summary>Tests marked [Collection("azurite")] share the process-wide Azurite through one fixture instance.</summary>
[CollectionDefinition("azurite")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
