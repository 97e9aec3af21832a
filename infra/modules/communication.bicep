// Azure Communication Services Email: an Email Communication Service with an Azure-managed domain,
// linked to a Communication Services resource that the app calls (Entra ID, no access key).

@description('Name of the Email Communication Service.')
param emailServiceName string

@description('Name of the Communication Services resource (globally unique; becomes <name>...communication.azure.com).')
param communicationServiceName string

@description('Name of the email domain resource. An Azure-managed domain must be named AzureManagedDomain.')
@allowed([
  'AzureManagedDomain'
])
param senderDomainName string = 'AzureManagedDomain'

@description('Where the email and communication services store data at rest.')
param dataLocation string

@description('Tags applied to all three resources.')
param tags object

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource emailDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: senderDomainName
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      emailDomain.id
    ]
  }
}

output name string = communicationService.name
// hostName is the resource's real FQDN (it can carry a data-location segment), so use it rather than
// assembling '<name>.communication.azure.com'.
output endpoint string = 'https://${communicationService.properties.hostName}'
// Azure-managed domains come with the DoNotReply sender username.
output senderAddress string = 'DoNotReply@${emailDomain.properties.fromSenderDomain}'
