metadata description = 'The ComplianceMonitor Flex Consumption function app (.NET isolated worker) and all of its app settings.'

import { appConfiguration } from 'types.bicep'

@description('Name of the function app.')
param name string

@description('Azure region of the function app.')
param location string

@description('Tags applied to the function app (the azd-service-name tag is added here).')
param tags object = {}

@description('azd service name (azure.yaml) that deploys into this app.')
param serviceName string = 'functions'

@description('Resource id of the Flex Consumption plan.')
param appServicePlanId string

@description('Name of the storage account that holds the host state, the deployment package, the tables and the queues.')
param storageAccountName string

@description('Blob container that receives the deployment package.')
param deploymentStorageContainerName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of the user-assigned identity the app runs as.')
param identityClientId string

@description('Worker runtime of the app.')
@allowed([
  'dotnet-isolated'
])
param runtimeName string = 'dotnet-isolated'

@description('Runtime version (the app targets net10.0).')
param runtimeVersion string = '10.0'

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on the number of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Non-secret application settings.')
param settings appConfiguration

@description('Version-less URI of the SendGrid API key secret; empty when no key was stored (emails then go to the outbox).')
param sendGridApiKeySecretUri string = ''

@description('Version-less URI of the Twilio auth token secret; empty when no token was stored (SMS then go to the outbox).')
param twilioAuthTokenSecretUri string = ''

@description('Application (client) id of the Entra app registration whose tokens the app accepts.')
param authClientId string

@description('OpenID issuer URL of the Entra tenant (v2: https://login.microsoftonline.com/<tenant>/v2.0).')
param authOpenIdIssuer string

@description('Audiences a token may be issued for (api://<client id>, <client id>).')
param authAllowedAudiences array

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

@description('The console files App Service authentication lets through without a session (see authSettings).')
var consoleFilePaths = [
  '/api/console'
  '/api/console/'
  '/api/console/index.html'
  '/api/console/console.js'
  '/api/console/console.css'
]

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: appServicePlanId
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (the app has no system identity).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentStorageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }

  // App Service authentication ("Easy Auth"): every request needs a valid Entra ID token for the app
  // registration; a request without one gets 401 before any function runs (an API has no login page).
  // The platform then sets X-MS-CLIENT-PRINCIPAL and strips any such header a caller sent; the app
  // trusts that header only because this is on (WEBSITE_AUTH_ENABLED, see src/ComplianceMonitor.Application/Access).
  // Browser sign-in (server-directed flow): /.auth/login/aad redirects to Entra ID and back to
  // /.auth/login/aad/callback; infra/scripts/entra-redirect.sh (azd postprovision) registers that callback and
  // ID-token issuance on the app registration. The session's principal carries the same app roles as a token.
  resource authSettings 'config' = {
    name: 'authsettingsV2'
    properties: {
      platform: {
        enabled: true
      }
      globalValidation: {
        requireAuthentication: true
        unauthenticatedClientAction: 'Return401'
        // The console's static files (no data in them) load without a session, so a bookmark of the console works:
        // its script calls GET /api/me and, on 401, sends the browser to /.auth/login/aad (Entra ID sign-in), which
        // returns to the console with the App Service session cookie. Every data route still answers 401 without a
        // token or session. Exact paths: tests/ComplianceMonitor.Functions.Tests/Infra/ConsoleSignInTemplateTests
        // compares this list with the files the console ships.
        excludedPaths: consoleFilePaths
      }
      httpSettings: {
        requireHttps: true
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: authClientId
            openIdIssuer: authOpenIdIssuer
          }
          validation: {
            allowedAudiences: authAllowedAudiences
          }
        }
      }
      login: {
        tokenStore: {
          enabled: false
        }
      }
    }
  }

  // One literal object on purpose: the infra tests read these names from the compiled template and
  // compare them with local.settings.sample.json. FUNCTIONS_WORKER_RUNTIME and
  // FUNCTIONS_EXTENSION_VERSION must not be set on Flex Consumption (functionAppConfig.runtime
  // replaces them).
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Functions host storage, by managed identity (no connection string).
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId

      // Application storage (tables + queues) through DefaultAzureCredential; AZURE_CLIENT_ID picks
      // the user-assigned identity. __credential/__clientId also let a binding use "ComplianceStorage".
      ComplianceStorage__TableServiceUri: storage.properties.primaryEndpoints.table
      ComplianceStorage__QueueServiceUri: storage.properties.primaryEndpoints.queue
      ComplianceStorage__credential: 'managedidentity'
      ComplianceStorage__clientId: identityClientId
      AZURE_CLIENT_ID: identityClientId

      // Telemetry, authenticated with Entra ID (local auth is off on the component).
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

      // Timer schedules (NCRONTAB, UTC), used as %SCAN_SCHEDULE% etc. in the trigger attributes.
      SCAN_SCHEDULE: settings.scanSchedule
      DISPATCH_SCHEDULE: settings.dispatchSchedule
      DIGEST_SCHEDULE: settings.digestSchedule

      // Email. An empty key sends to the outbox instead of SendGrid.
      Email__SendGridApiKey: empty(sendGridApiKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${sendGridApiKeySecretUri})'
      Email__FromAddress: settings.emailFromAddress
      Email__FromName: settings.emailFromName
      Email__SendGridHost: settings.emailSendGridHost
      Email__OutboxFolder: settings.emailOutboxFolder

      // SMS. An empty token sends to the outbox instead of Twilio.
      Sms__TwilioAccountSid: settings.smsTwilioAccountSid
      Sms__TwilioAuthToken: empty(twilioAuthTokenSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${twilioAuthTokenSecretUri})'
      Sms__FromNumber: settings.smsFromNumber
      Sms__WindowStart: settings.smsWindowStart
      Sms__WindowEnd: settings.smsWindowEnd
      Sms__OutboxFolder: settings.smsOutboxFolder

      // Digests and reminders.
      Digest__DefaultCron: settings.digestDefaultCron
      Reminders__DaysBefore: settings.remindersDaysBefore
      Reminders__OverdueEveryDays: string(settings.remindersOverdueEveryDays)
      Reminders__TransferWindowDaysBefore: settings.remindersTransferWindowDaysBefore

      // Optional tuning (defaults as in local.settings.sample.json).
      Email__TimeoutSeconds: settings.emailTimeoutSeconds
      Sms__TimeoutSeconds: settings.smsTimeoutSeconds
      Sms__Signature: settings.smsSignature
      Sms__TwilioBaseUrl: settings.smsTwilioBaseUrl
      Reminders__SmsWithinDays: settings.remindersSmsWithinDays
      Tasks__DueDays: settings.tasksDueDays
      Digest__DueWithinDays: settings.digestDueWithinDays
      Digest__ChartWeeks: settings.digestChartWeeks
      Digest__MaxItemsPerSection: settings.digestMaxItemsPerSection
      Digest__ClaimTimeoutMinutes: settings.digestClaimTimeoutMinutes
      Digest__MaxAttempts: settings.digestMaxAttempts
      Dispatch__ClaimSeconds: settings.dispatchClaimSeconds
      Dispatch__MinClaimRemainingSeconds: settings.dispatchMinClaimRemainingSeconds
      Dispatch__MaxAttempts: settings.dispatchMaxAttempts
      Dispatch__BaseDelaySeconds: settings.dispatchBaseDelaySeconds
      Dispatch__MaxDelaySeconds: settings.dispatchMaxDelaySeconds
      Dispatch__MaxRetryAfterSeconds: settings.dispatchMaxRetryAfterSeconds
      Dispatch__Parallelism: settings.dispatchParallelism
      Dispatch__Districts: settings.dispatchDistricts

      // The web console's address, for the links in the supervisors' digest (lease pages); see ConsoleSignIn in infra/README.md.
      Console__BaseUrl: 'https://${functionApp.properties.defaultHostName}/api/console/'
    }
  }
}

@description('Name of the function app.')
output name string = functionApp.name

@description('Resource id of the function app.')
output id string = functionApp.id

@description('HTTPS base URI of the function app.')
output uri string = 'https://${functionApp.properties.defaultHostName}'

@description('Where a supervisor opens the console: Entra ID sign-in first, then the console.')
output consoleUrl string = 'https://${functionApp.properties.defaultHostName}/.auth/login/aad?post_login_redirect_uri=/api/console/'
