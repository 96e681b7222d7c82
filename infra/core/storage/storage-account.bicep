metadata description = 'A StorageV2 account reachable only with Entra ID (shared keys off, TLS 1.2, no public blob access), with blob containers, tables and queues.'

@description('Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the account.')
param location string

@description('Tags applied to the account.')
param tags object = {}

@description('Replication SKU.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param skuName string = 'Standard_LRS'

@description('Private blob containers to create.')
param containers string[] = []

@description('Tables to create.')
param tables string[] = []

@description('Queues to create.')
param queues string[] = []

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    // Shared keys (and so connection strings and SAS) are refused: every client uses a managed identity.
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource blobContainers 'containers' = [
      for container in containers: {
        name: container
        properties: {
          publicAccess: 'None'
        }
      }
    ]
  }

  resource tableServices 'tableServices' = {
    name: 'default'

    resource storageTables 'tables' = [
      for table in tables: {
        name: table
      }
    ]
  }

  resource queueServices 'queueServices' = {
    name: 'default'

    resource storageQueues 'queues' = [
      for queue in queues: {
        name: queue
      }
    ]
  }
}

@description('Name of the storage account.')
output name string = storage.name

@description('Resource id of the storage account.')
output id string = storage.id

@description('Blob service endpoint, ending in a slash.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Table service endpoint, ending in a slash.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('Queue service endpoint, ending in a slash.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue
