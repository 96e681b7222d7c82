metadata description = 'ComplianceMonitor: Flex Consumption function app, storage (tables + queues), Key Vault, monitoring and a user-assigned identity, deployed with azd.'

targetScope = 'subscription'

// ---------------------------------------------------------------------------------------------
// azd environment
// ---------------------------------------------------------------------------------------------

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; seeds the resource token and names the resource group.')
param environmentName string

@minLength(1)
@description('Primary location for all resources (must offer Flex Consumption).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user or pipeline, granted data access for debugging; empty skips those assignments.')
param principalId string = ''

@description('Kind of principal principalId is.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Resource group name; empty derives rg-<environmentName>.')
param resourceGroupName string = ''

// ---------------------------------------------------------------------------------------------
// Sign-in (App Service authentication with Microsoft Entra ID; see infra/README.md, "Sign-in")
// ---------------------------------------------------------------------------------------------

@minLength(1)
@description('Application (client) id of the Entra app registration the API accepts tokens for; set by the preprovision hook (infra/scripts/entra-app.sh) as AUTH_CLIENT_ID. Required: the app never runs without sign-in.')
param authClientId string

@description('Entra tenant that issues the tokens; empty uses the deployment tenant.')
param authTenantId string = ''

@description('OpenID issuer URL the tokens must carry; empty derives https://login.microsoftonline.com/<tenant>/v2.0 (v2 access tokens).')
param authOpenIdIssuer string = ''

@description('Audiences a token may be issued for; empty accepts api://<authClientId> and <authClientId>.')
param authAllowedAudiences array = []

// ---------------------------------------------------------------------------------------------
// Secrets (stored in Key Vault only when given; an empty value leaves the app on its outbox)
// ---------------------------------------------------------------------------------------------

@secure()
@description('SendGrid API key, stored as Key Vault secret SendGridApiKey; empty skips the secret.')
param sendGridApiKey string = ''

@secure()
@description('Twilio auth token, stored as Key Vault secret TwilioAuthToken; empty skips the secret.')
param twilioAuthToken string = ''

// ---------------------------------------------------------------------------------------------
// App settings (team configuration keys; defaults from the team brief)
// ---------------------------------------------------------------------------------------------

@description('SCAN_SCHEDULE: NCRONTAB (6 fields, UTC). Default 21:30 UTC = 05:30 Beijing.')
param scanSchedule string = '0 30 21 * * *'

@description('DISPATCH_SCHEDULE: NCRONTAB (6 fields, UTC).')
param dispatchSchedule string = '0 */5 * * * *'

@description('DIGEST_SCHEDULE: NCRONTAB (6 fields, UTC).')
param digestSchedule string = '0 */15 * * * *'

@description('Email__FromAddress: sender address (a SendGrid verified sender in production).')
param emailFromAddress string = 'noreply@example.com'

@description('Email__FromName: sender display name.')
param emailFromName string = 'ComplianceMonitor'

@description('Email__SendGridHost: SendGrid API base URL; empty uses the SDK default.')
param emailSendGridHost string = ''

@description('Email__OutboxFolder: where .eml files go when no SendGrid key is set.')
param emailOutboxFolder string = 'outbox'

@description('Sms__TwilioAccountSid: Twilio account SID; empty sends SMS to the outbox.')
param smsTwilioAccountSid string = ''

@description('Sms__FromNumber: Twilio sender number (E.164).')
param smsFromNumber string = ''

@description('Sms__WindowStart: SMS window start, HH:mm Beijing time.')
param smsWindowStart string = '08:00'

@description('Sms__WindowEnd: SMS window end, HH:mm Beijing time.')
param smsWindowEnd string = '20:00'

@description('Sms__OutboxFolder: where .jsonl files go when no Twilio credentials are set.')
param smsOutboxFolder string = 'outbox'

@description('Digest__DefaultCron: Cronos (5 fields) in Asia/Shanghai; off-days are skipped.')
param digestDefaultCron string = '30 8 * * 1-5'

@description('Reminders__DaysBefore: reminder stages in days before a deadline.')
param remindersDaysBefore string = '90,60,30,14,7,3,1,0'

@description('Reminders__OverdueEveryDays: days between overdue reminders.')
@minValue(1)
param remindersOverdueEveryDays int = 7

@description('Reminders__TransferWindowDaysBefore: stages before a transfer window closes.')
param remindersTransferWindowDaysBefore string = '7,3,1,0'

@description('Email__TimeoutSeconds: seconds before a SendGrid request is abandoned (retried later).')
param emailTimeoutSeconds string = '30'

@description('Sms__TimeoutSeconds: seconds before a Twilio request is abandoned (retried later).')
param smsTimeoutSeconds string = '30'

@description('Sms__Signature: the signature every SMS starts with.')
param smsSignature string = '【先租后让监管】'

@description('Sms__TwilioBaseUrl: Twilio API base URL; empty means api.twilio.com.')
param smsTwilioBaseUrl string = ''

@description('Reminders__SmsWithinDays: SMS is used for deadlines at most this many days away.')
param remindersSmsWithinDays string = '7'

@description('Tasks__DueDays: days from opening an enforcement task to its due date.')
param tasksDueDays string = '15'

@description('Digest__DueWithinDays: the due-soon horizon of the digest in days.')
param digestDueWithinDays string = '30'

@description('Digest__ChartWeeks: weeks in the deadline chart of the digest.')
param digestChartWeeks string = '12'

@description('Digest__MaxItemsPerSection: rows per digest section before it is cut.')
param digestMaxItemsPerSection string = '100'

@description('Digest__ClaimTimeoutMinutes: minutes after which a digest send left claimed is taken over.')
param digestClaimTimeoutMinutes string = '10'

@description('Digest__MaxAttempts: attempts before a digest occurrence is abandoned.')
param digestMaxAttempts string = '5'

@description('Dispatch__ClaimSeconds: seconds an outbox entry stays claimed by one dispatcher.')
param dispatchClaimSeconds string = '300'

@description('Dispatch__MinClaimRemainingSeconds: a send starts only while this much of its claim is left.')
param dispatchMinClaimRemainingSeconds string = '120'

@description('Dispatch__MaxAttempts: attempts before an outbox entry is dead.')
param dispatchMaxAttempts string = '10'

@description('Dispatch__BaseDelaySeconds: wait after the first transient failure (doubles each time).')
param dispatchBaseDelaySeconds string = '30'

@description('Dispatch__MaxDelaySeconds: longest wait between attempts.')
param dispatchMaxDelaySeconds string = '3600'

@description('Dispatch__MaxRetryAfterSeconds: longest Retry-After honoured.')
param dispatchMaxRetryAfterSeconds string = '86400'

@description('Dispatch__Parallelism: sends in flight at once (1-64).')
param dispatchParallelism string = '4'

@description('Dispatch__Districts: comma-separated district codes to dispatch; empty means every jurisdiction.')
param dispatchDistricts string = ''

// ---------------------------------------------------------------------------------------------
// Hosting
// ---------------------------------------------------------------------------------------------

@description('Memory of each function instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on function instances.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}cm-${resourceToken}'
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}cm-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var deploymentStorageContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

// Tables and queues the application uses (the storage adapters create nothing in Azure at start-up);
// exactly StorageNames.Tables / StorageNames.Queues (src/ComplianceMonitor.Infrastructure/Storage/StorageNames.cs; a test compares).
var tableNames = [
  'leases'
  'leaseindex'
  'alerts'
  'tasks'
  'outbox'
  'runs'
  'quarantine'
  'scanfanout'
  'deliveries'
  'channels'
  'preferences'
  'snoozes'
  'audit'
  'digests'
  'digestschedules'
]
var queueNames = [
  'scan-district'
  'scan-district-poison'
]

// Sign-in: the issuer and audiences the function app's authentication checks (authsettingsV2).
var authTenant = empty(authTenantId) ? tenant().tenantId : authTenantId
var authIssuer = empty(authOpenIdIssuer) ? '${environment().authentication.loginEndpoint}${authTenant}/v2.0' : authOpenIdIssuer
var authAudiences = empty(authAllowedAudiences) ? [
  'api://${authClientId}'
  authClientId
] : authAllowedAudiences

// Key Vault secret names (the app reads them through Key Vault references).
var sendGridSecretName = 'SendGridApiKey'
var twilioSecretName = 'TwilioAuthToken'

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    containers: [
      deploymentStorageContainerName
    ]
    tables: tableNames
    queues: queueNames
  }
}

module keyVault 'core/security/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
  }
}

module sendGridSecret 'core/security/keyvault-secret.bicep' = if (!empty(sendGridApiKey)) {
  name: 'secret-sendgrid'
  scope: rg
  params: {
    keyVaultName: keyVaultName
    name: sendGridSecretName
    value: sendGridApiKey
  }
  dependsOn: [
    keyVault
  ]
}

module twilioSecret 'core/security/keyvault-secret.bicep' = if (!empty(twilioAuthToken)) {
  name: 'secret-twilio'
  scope: rg
  params: {
    keyVaultName: keyVaultName
    name: twilioSecretName
    value: twilioAuthToken
  }
  dependsOn: [
    keyVault
  ]
}

module plan 'core/host/flex-consumption-plan.bicep' = {
  name: 'plan'
  scope: rg
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    identityName: identityName
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
  // Names are passed as compile-time values (better what-if); the order comes from here.
  dependsOn: [
    identity
    storage
    keyVault
    monitoring
  ]
}

module functions 'app/functions.bicep' = {
  name: 'functions'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: tags
    serviceName: 'functions'
    appServicePlanId: plan.outputs.id
    storageAccountName: storageAccountName
    deploymentStorageContainerName: deploymentStorageContainerName
    applicationInsightsName: applicationInsightsName
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    sendGridApiKeySecretUri: sendGridSecret.?outputs.secretUri ?? ''
    twilioAuthTokenSecretUri: twilioSecret.?outputs.secretUri ?? ''
    authClientId: authClientId
    authOpenIdIssuer: authIssuer
    authAllowedAudiences: authAudiences
    settings: {
      scanSchedule: scanSchedule
      dispatchSchedule: dispatchSchedule
      digestSchedule: digestSchedule
      emailFromAddress: emailFromAddress
      emailFromName: emailFromName
      emailSendGridHost: emailSendGridHost
      emailOutboxFolder: emailOutboxFolder
      smsTwilioAccountSid: smsTwilioAccountSid
      smsFromNumber: smsFromNumber
      smsWindowStart: smsWindowStart
      smsWindowEnd: smsWindowEnd
      smsOutboxFolder: smsOutboxFolder
      digestDefaultCron: digestDefaultCron
      remindersDaysBefore: remindersDaysBefore
      remindersOverdueEveryDays: remindersOverdueEveryDays
      remindersTransferWindowDaysBefore: remindersTransferWindowDaysBefore
      emailTimeoutSeconds: emailTimeoutSeconds
      smsTimeoutSeconds: smsTimeoutSeconds
      smsSignature: smsSignature
      smsTwilioBaseUrl: smsTwilioBaseUrl
      remindersSmsWithinDays: remindersSmsWithinDays
      tasksDueDays: tasksDueDays
      digestDueWithinDays: digestDueWithinDays
      digestChartWeeks: digestChartWeeks
      digestMaxItemsPerSection: digestMaxItemsPerSection
      digestClaimTimeoutMinutes: digestClaimTimeoutMinutes
      digestMaxAttempts: digestMaxAttempts
      dispatchClaimSeconds: dispatchClaimSeconds
      dispatchMinClaimRemainingSeconds: dispatchMinClaimRemainingSeconds
      dispatchMaxAttempts: dispatchMaxAttempts
      dispatchBaseDelaySeconds: dispatchBaseDelaySeconds
      dispatchMaxDelaySeconds: dispatchMaxDelaySeconds
      dispatchMaxRetryAfterSeconds: dispatchMaxRetryAfterSeconds
      dispatchParallelism: dispatchParallelism
      dispatchDistricts: dispatchDistricts
    }
  }
  // The app must not start before its storage and telemetry exist and its identity can use them.
  dependsOn: [
    storage
    monitoring
    rbac
  ]
}

// ---------------------------------------------------------------------------------------------
// Outputs (azd writes them into .azure/<env>/.env)
// ---------------------------------------------------------------------------------------------

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AUTH_OPENID_ISSUER string = authIssuer
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output SERVICE_FUNCTIONS_NAME string = functions.outputs.name
output SERVICE_FUNCTIONS_URI string = functions.outputs.uri
output CONSOLE_URL string = functions.outputs.consoleUrl
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
