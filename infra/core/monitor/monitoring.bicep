metadata description = 'Log Analytics workspace and a workspace-based Application Insights component (local authentication off: telemetry is sent with Entra ID).'

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Azure region of both resources.')
param location string

@description('Tags applied to both resources.')
param tags object = {}

@description('Days the workspace keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    retentionInDays: retentionInDays
    sku: {
      name: 'PerGB2018'
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    // Instrumentation-key ingestion is refused; the app authenticates with its managed identity
    // (APPLICATIONINSIGHTS_AUTHENTICATION_STRING + Monitoring Metrics Publisher).
    DisableLocalAuth: true
  }
}

@description('Name of the Application Insights component.')
output applicationInsightsName string = applicationInsights.name

@description('Resource id of the Application Insights component.')
output applicationInsightsId string = applicationInsights.id

@description('Connection string of the Application Insights component (not a secret: ingestion requires Entra ID).')
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString

@description('Name of the Log Analytics workspace.')
output logAnalyticsName string = logAnalytics.name
