metadata description = 'One secret in an existing Key Vault.'

@description('Name of the existing vault.')
param keyVaultName string

@description('Name of the secret (letters, digits and hyphens).')
param name string

@description('Value of the secret.')
@secure()
param value string

@description('Content type recorded with the secret.')
param contentType string = 'text/plain'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: name
  properties: {
    contentType: contentType
    value: value
    attributes: {
      enabled: true
    }
  }
}

@description('Name of the secret.')
output name string = secret.name

@description('Version-less secret URI, so a Key Vault reference follows rotation to the newest version.')
output secretUri string = secret.properties.secretUri
