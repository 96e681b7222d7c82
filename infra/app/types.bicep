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
}
