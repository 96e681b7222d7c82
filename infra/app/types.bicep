metadata description = 'Shared types of the ComplianceMonitor infrastructure.'

@export()
@description('Non-secret application settings of the function app. Each field becomes exactly one app setting (named in its description).')
type appConfiguration = {
  @description('SCAN_SCHEDULE: NCRONTAB, 6 fields, UTC, of the daily scan timer.')
  scanSchedule: string

  @description('DISPATCH_SCHEDULE: NCRONTAB, 6 fields, UTC, of the reminder dispatch timer.')
  dispatchSchedule: string

  @description('DIGEST_SCHEDULE: NCRONTAB, 6 fields, UTC, of the digest timer.')
  digestSchedule: string

  @description('Email__FromAddress: sender address of reminder and digest emails.')
  emailFromAddress: string

  @description('Email__FromName: sender display name of reminder and digest emails.')
  emailFromName: string

  @description('Email__SendGridHost: SendGrid API base URL; empty means the SDK default.')
  emailSendGridHost: string

  @description('Email__OutboxFolder: folder for .eml files when no SendGrid key is set.')
  emailOutboxFolder: string

  @description('Sms__TwilioAccountSid: Twilio account SID; empty means SMS go to the outbox.')
  smsTwilioAccountSid: string

  @description('Sms__FromNumber: Twilio sender number (E.164).')
  smsFromNumber: string

  @description('Sms__WindowStart: start of the SMS sending window, HH:mm Beijing time.')
  smsWindowStart: string

  @description('Sms__WindowEnd: end of the SMS sending window, HH:mm Beijing time.')
  smsWindowEnd: string

  @description('Sms__OutboxFolder: folder for .jsonl files when no Twilio credentials are set.')
  smsOutboxFolder: string

  @description('Digest__DefaultCron: Cronos, 5 fields, evaluated in Asia/Shanghai, of district digests.')
  digestDefaultCron: string

  @description('Reminders__DaysBefore: comma-separated reminder stages, days before a deadline.')
  remindersDaysBefore: string

  @description('Reminders__OverdueEveryDays: days between overdue reminders.')
  remindersOverdueEveryDays: int

  @description('Reminders__TransferWindowDaysBefore: comma-separated stages before a transfer window closes.')
  remindersTransferWindowDaysBefore: string

  @description('Email__TimeoutSeconds: seconds before a SendGrid request is abandoned (retried later).')
  emailTimeoutSeconds: string

  @description('Sms__TimeoutSeconds: seconds before a Twilio request is abandoned (retried later).')
  smsTimeoutSeconds: string

  @description('Sms__Signature: the signature every SMS starts with.')
  smsSignature: string

  @description('Sms__TwilioBaseUrl: Twilio API base URL; empty means api.twilio.com.')
  smsTwilioBaseUrl: string

  @description('Reminders__SmsWithinDays: SMS is used for deadlines at most this many days away.')
  remindersSmsWithinDays: string

  @description('Tasks__DueDays: days from opening an enforcement task to its due date.')
  tasksDueDays: string

  @description('Digest__DueWithinDays: the due-soon horizon of the digest in days.')
  digestDueWithinDays: string

  @description('Digest__ChartWeeks: weeks in the deadline chart of the digest.')
  digestChartWeeks: string

  @description('Digest__MaxItemsPerSection: rows per digest section before it is cut.')
  digestMaxItemsPerSection: string

  @description('Digest__ClaimTimeoutMinutes: minutes after which a digest send left claimed is taken over.')
  digestClaimTimeoutMinutes: string

  @description('Digest__MaxAttempts: attempts before a digest occurrence is abandoned.')
  digestMaxAttempts: string

  @description('Dispatch__ClaimSeconds: seconds an outbox entry stays claimed by one dispatcher.')
  dispatchClaimSeconds: string

  @description('Dispatch__MinClaimRemainingSeconds: a send starts only while this much of its claim is left.')
  dispatchMinClaimRemainingSeconds: string

  @description('Dispatch__MaxAttempts: attempts before an outbox entry is dead.')
  dispatchMaxAttempts: string

  @description('Dispatch__BaseDelaySeconds: wait after the first transient failure (doubles each time).')
  dispatchBaseDelaySeconds: string

  @description('Dispatch__MaxDelaySeconds: longest wait between attempts.')
  dispatchMaxDelaySeconds: string

  @description('Dispatch__MaxRetryAfterSeconds: longest Retry-After honoured.')
  dispatchMaxRetryAfterSeconds: string

  @description('Dispatch__Parallelism: sends in flight at once (1-64).')
  dispatchParallelism: string

  @description('Dispatch__Districts: comma-separated district codes to dispatch; empty means every jurisdiction.')
  dispatchDistricts: string
}
