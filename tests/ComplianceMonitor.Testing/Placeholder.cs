namespace ComplianceMonitor.Testing;
