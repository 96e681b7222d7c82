namespace ComplianceMonitor.Domain;
