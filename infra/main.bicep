// DropShip: Azure infrastructure for the Functions app (Flex Consumption, .NET 10 isolated worker).
// Layout and conventions follow Azure-Samples/functions-quickstart-dotnet-azd and
// Azure-Samples/durable-functions-quickstart-dotnet-azd (infra/main.bicep), with raw resource
// declarations in ./modules instead of br/public AVM modules. See infra/README.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment. Names the resource group (rg-<name>) and seeds the unique token used in every resource name.')
param environmentName string

@minLength(1)
@description('Primary location for all resources. Limited to the regions the official .NET 10 Flex Consumption quickstart allows.')
@allowed([
  'australiaeast'
  'centralus'
  'eastasia'
  'eastus2'
  'northeurope'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westus2'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the person (or service principal) running the deployment. Gets the storage data roles and Key Vault Secrets Officer for local debugging. Empty string: no deployer role assignments.')
param principalId string = deployer().objectId

@minLength(1)
@description('HTTPS URL of the platform endpoint that receives the signed webhooks (PO created, tracking found, tracking stopped).')
param platformWebhookUrl string

@secure()
@description('HMAC-SHA256 key for the platform webhooks, stored in Key Vault as platform-webhook-secret. The newGuid() default applies only when nothing is passed; main.parameters.json keeps the value stable across azd runs (see README, "The webhook secret").')
param platformWebhookSecret string = newGuid()

@description('Sender domain for customer emails. Only the Azure-managed domain (DoNotReply@<id>.azurecomm.net) is provisioned here; a custom domain needs DNS verification and is out of scope.')
@allowed([
  'AzureManagedDomain'
])
param emailSenderDomain string = 'AzureManagedDomain'

@description('Where Azure Communication Services stores email data at rest (e.g. United States, Europe, UK).')
param emailDataLocation string = 'United States'

@description('Email address that receives the operator alerts (distributor errors, answer problems, rejected credentials, abandoned webhooks, failed feeds, the sweeper healing many POs). Empty: alerts fire without an email receiver.')
param alertEmailAddress string = ''

@description('NCRONTAB schedule of the morning feed download. Flex Consumption runs on Linux, so this is UTC.')
param feedsSchedule string = '0 0 6 * * *'

@minValue(1)
@description('Days after which the tracking orchestration stops polling an unshipped PO (six weeks).')
param trackingDeadlineDays int = 42

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
// Same pattern as the quickstarts: one container per app for the Flex deployment package.
var deploymentStorageContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'
// Raw distributor price/inventory files: feeds/{distributor}/{yyyy}/{MM}/{dd}/ (the app writes them).
var feedsContainerName = 'feeds'

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

// The one identity the app uses for everything: host storage, Durable, its own tables/blobs,
// Key Vault (and Key Vault references), App Insights ingestion, ACS Email.
module identity './modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring './modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

// Alert rules and the operations workbook over the app's metrics (infra/modules/alerts.bicep).
module alerts './modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    actionGroupName: 'ag-dropship-${resourceToken}'
    alertEmailAddress: alertEmailAddress
    location: location
    tags: tags
  }
}

module storage './modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containerNames: [
      deploymentStorageContainerName
      feedsContainerName
    ]
  }
}

module keyVault './modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    platformWebhookSecret: platformWebhookSecret
  }
}

module communication './modules/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    emailServiceName: '${abbrs.communicationEmailServices}${resourceToken}'
    communicationServiceName: '${abbrs.communicationCommunicationServices}${resourceToken}'
    senderDomainName: emailSenderDomain
    dataLocation: emailDataLocation
    tags: tags
  }
}

// Every role assignment in one place (see README, "Role assignments").
module rbac './modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    communicationServiceName: communication.outputs.name
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
  }
}

module api './modules/functionapp.bicep' = {
  name: 'api'
  scope: rg
  params: {
    planName: '${abbrs.webServerFarms}${resourceToken}'
    appName: functionAppName
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentStorageContainerName: deploymentStorageContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    // DropShip's own settings. The host/platform settings (AzureWebJobsStorage__*, APPLICATIONINSIGHTS_*,
    // AZURE_CLIENT_ID) are added inside the module.
    appSettings: {
      Storage__TableServiceUri: storage.outputs.tableEndpoint
      Storage__BlobServiceUri: storage.outputs.blobEndpoint
      Secrets__KeyVaultUri: keyVault.outputs.uri
      Email__Endpoint: communication.outputs.endpoint
      Email__SenderAddress: communication.outputs.senderAddress
      Platform__WebhookUrl: platformWebhookUrl
      Platform__WebhookSecret: keyVault.outputs.webhookSettingReference
      FeedsSchedule: feedsSchedule
      Tracking__DeadlineDays: string(trackingDeadlineDays)
    }
  }
  // The host needs its storage roles, and the Key Vault reference needs Secrets Officer, before the app starts.
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
