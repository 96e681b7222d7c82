metadata description = 'A Key Vault that uses Azure RBAC (not access policies) for data-plane authorization.'

@description('Name of the vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object = {}

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Resource id of the vault.')
output id string = vault.id

@description('Vault URI, ending in a slash (https://<name>.vault.azure.net/).')
output uri string = vault.properties.vaultUri
