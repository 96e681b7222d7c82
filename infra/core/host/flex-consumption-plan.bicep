metadata description = 'A Flex Consumption (FC1) App Service plan for Linux function apps.'

@description('Name of the plan.')
param name string

@description('Azure region of the plan.')
param location string

@description('Tags applied to the plan.')
param tags object = {}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    // Flex Consumption runs Linux only.
    reserved: true
  }
}

@description('Resource id of the plan.')
output id string = plan.id

@description('Name of the plan.')
output name string = plan.name
