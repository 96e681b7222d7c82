metadata description = 'Role assignments of the app identity (and, optionally, of the deploying user) on storage, Key Vault and Application Insights.'

@description('Name of the storage account.')
param storageAccountName string

@description('Name of the Key Vault.')
param keyVaultName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Name of the function app\'s user-assigned identity.')
param identityName string

@description('Principal id of the deploying user or pipeline; empty skips its assignments.')
param userPrincipalId string = ''

@description('Kind of principal userPrincipalId is.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param userPrincipalType string = 'User'

// Built-in role definition ids (the same GUID in every tenant).
var roles = {
  // Storage Blob Data Owner: read/write the deployment package container and host blobs (leases, timer monitors).
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Storage Queue Data Contributor: scan-district fan-out and its poison queue.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Storage Table Data Contributor: leases, alerts, tasks, outbox, runs, deliveries, digests, quarantine.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Key Vault Secrets User: resolve the @Microsoft.KeyVault(...) app settings.
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  // Key Vault Secrets Officer: lets the deploying user set and rotate the secrets.
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  // Monitoring Metrics Publisher: send telemetry to Application Insights with Entra ID.
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var storageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

var assignUser = !empty(userPrincipalId)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource identityStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoles: {
    name: guid(storage.id, identity.id, roleId)
    scope: storage
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource identityKeyVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource identityMonitoring 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

// The deploying user gets the same data access for debugging with `cm` against Azure, and may manage the secrets.
resource userStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoles: if (assignUser) {
    name: guid(storage.id, userPrincipalId, roleId)
    scope: storage
    properties: {
      principalId: userPrincipalId
      principalType: userPrincipalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource userKeyVault 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (assignUser) {
  name: guid(keyVault.id, userPrincipalId, roles.keyVaultSecretsOfficer)
  scope: keyVault
  properties: {
    principalId: userPrincipalId
    principalType: userPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
  }
}

resource userMonitoring 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (assignUser) {
  name: guid(applicationInsights.id, userPrincipalId, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: userPrincipalId
    principalType: userPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}
