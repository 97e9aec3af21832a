// Key Vault (RBAC authorization, soft delete, purge protection). Holds the platform webhook secret
// (created here) and the dealers' distributor credentials (written by the app at run time).

@description('Name of the Key Vault (3-24 characters).')
param name string

@description('Location of the Key Vault.')
param location string

@description('Tags applied to the Key Vault.')
param tags object

@secure()
@description('Value of the platform-webhook-secret secret (HMAC key for the platform webhooks).')
param platformWebhookSecret string

@minValue(7)
@maxValue(90)
@description('Days a deleted vault or secret stays recoverable. With purge protection on, it cannot be purged sooner.')
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
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource webhookSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'platform-webhook-secret'
  properties: {
    value: platformWebhookSecret
    contentType: 'text/plain'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
// App setting value: a Key Vault reference to the versionless secret URI (the app always gets the
// latest version; see README for rotation). Holds the URI only, never the value.
output webhookSettingReference string = '@Microsoft.KeyVault(SecretUri=${webhookSecret.properties.secretUri})'
