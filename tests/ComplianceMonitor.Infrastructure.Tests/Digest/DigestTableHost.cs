using ComplianceMonitor.Application.Digest;
using ComplianceMonitor.Infrastructure.Composition;
using ComplianceMonitor.Infrastructure.Digest;
using ComplianceMonitor.Infrastructure.Leases;
using ComplianceMonitor.Infrastructure.Scanning;
using ComplianceMonitor.Infrastructure.Tasks;
using System.Collections.Concurrent;
using ComplianceMonitor.Application.Reminders;
using ComplianceMonitor.Domain.Calendar;
using ComplianceMonitor.Domain.Jurisdictions;
using ComplianceMonitor.Infrastructure.Reminders;
using ComplianceMonitor.Infrastructure.Reminders.Pickup;
using ComplianceMonitor.Infrastructure.Storage;
using ComplianceMonitor.Testing.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ComplianceMonitor.Infrastructure.Tests.Digest;

/// <summary>
/// The real digest pipeline over one Azurite table prefix: table stores, Fluid renderer and the outbox-file email sender
/// (wrapped to count hand-overs and to fail on demand). Each <see cref="CreateInstance"/> is a separate "instance" with its
/// own table clients, as two function hosts would have.
/// </summary>
internal sealed class DigestTableHost : IDisposable
{
    private readonly AzuriteFixture _azurite;

    public DigestTableHost(AzuriteFixture azurite, DigestOptions options)
    {
        _azurite = azurite;
        Options = options;
        Prefix = AzuriteFixture.NewPrefix();
        Email = new CountingEmailSender(new OutboxFileEmailSender(
            Microsoft.Extensions.Options.Options.Create(new EmailOptions { OutboxFolder = Folder, FromAddress = "digest@cm.example.cn" }),
            Time,
            NullLogger<OutboxFileEmailSender>.Instance));
    }

    public string Prefix { get; }

    public DigestOptions Options { get; }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "cm-digest-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public CountingEmailSender Email { get; }

    /// <summary>Options with recipients for every jurisdiction (two supervisors each).</summary>
    public static DigestOptions EveryDistrict()
    {
        var options = new DigestOptions();
        foreach (var j in Jurisdiction.All)
        {
            options.Districts[j.Code] = new DistrictDigestOptions { Recipients = $"chief.{j.Code}@gov.example.cn,deputy.{j.Code}@gov.example.cn" };
        }

        return options;
    }

    public TableClientFactory CreateFactory() => _azurite.CreateFactory(Prefix);

    public DigestScheduler CreateInstance()
    {
        var factory = CreateFactory();
        var records = new TableDigestRecordStore(factory);
        var service = new DigestService(
            new TableAlertStore(factory), new TableTaskStore(factory), new TableOutboxStore(factory), new TableRunStore(factory), records,
            new DigestBuilder(Options, WorkingDayCalendar.Default), new FluidDigestRenderer(), Time);
        return new DigestScheduler(
            new DigestSchedules(Microsoft.Extensions.Options.Options.Create(Options), NullLogger<DigestSchedules>.Instance, new TableDigestScheduleStore(factory)),
            service, records, Email, WorkingDayCalendar.Default, Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<DigestScheduler>.Instance);
    }

    public async Task<List<DigestRecord>> RecordsAsync(string district)
    {
        var list = new List<DigestRecord>();
        await foreach (var r in new TableDigestRecordStore(CreateFactory()).ListAsync(district))
        {
            list.Add(r);
        }

        return list;
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

/// <summary>Counts hand-overs per outbox id, can fail the first calls, and can hold every send for a while (to overlap two instances).</summary>
internal sealed class CountingEmailSender(IEmailSender inner) : IEmailSender
{
    private int _failuresLeft;

    public ConcurrentDictionary<string, int> Accepted { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<EmailMessage> Messages { get; } = [];

    public int Calls => _calls;

    public TimeSpan Hold { get; set; }

    private int _calls;

    public void FailNext(int count) => _failuresLeft = count;

    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (Hold > TimeSpan.Zero)
        {
            await Task.Delay(Hold, cancellationToken);
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            return SendResult.Retry("simulated 503 from the provider");
        }

        var result = await inner.SendAsync(message, cancellationToken);
        if (result is SendResult.Accepted)
        {
            Accepted.AddOrUpdate(message.OutboxId, 1, (_, n) => n + 1);
            Messages.Add(message);
        }

        return result;
    }
}
