metadata description = 'A user-assigned managed identity.'

@description('Name of the identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity (used in identity blocks and keyVaultReferenceIdentity).')
output resourceId string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Object (principal) id of the identity, used for role assignments.')
output principalId string = identity.properties.principalId

@description('Client (application) id of the identity, used by DefaultAzureCredential and the Functions host.')
output clientId string = identity.properties.clientId
