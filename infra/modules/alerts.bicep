// The operator's alerts and workbook over the app's "DropShip" meter, which reaches Application Insights as
// customMetrics (one row per instrument, tag set and export interval; counters as deltas, so sum(value) counts events).
// Instrument and tag names are DropShipMetrics' (DropShip.Core/Common/DropShipMetrics.cs); a test keeps them in step.

@description('Resource id of the workspace-based Application Insights component the app exports to.')
param applicationInsightsId string

@description('Location of the alert rules and the workbook.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Name of the action group that receives every alert.')
param actionGroupName string

@description('Email address that receives the alerts. Empty: the action group is created without a receiver.')
param alertEmailAddress string

@description('Distributor error rate (percent of calls that failed on the distributor side) that alerts when held for 30 minutes.')
@minValue(1)
@maxValue(100)
param distributorErrorRatePercent int = 20

@description('Fewest calls in 30 minutes before a distributor error rate is judged (a handful of calls proves nothing).')
@minValue(1)
param distributorErrorRateMinimumCalls int = 20

@description('Monitors the sweeper may start in an hour before it alerts (each is a PO whose monitor was missing).')
@minValue(0)
param sweeperMonitorsPerHour int = 5

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'dropship'
    enabled: true
    emailReceivers: empty(alertEmailAddress) ? [] : [
      {
        name: 'operators'
        emailAddress: alertEmailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

var serverSideOutcomes = '"server_error", "timed_out", "unreachable", "breaker_open"'

var rules = [
  {
    name: 'distributor-error-rate'
    severity: 2
    description: 'A distributor answered more than ${distributorErrorRatePercent}% of calls with a server error, a timeout or not at all for 30 minutes.'
    window: 'PT30M'
    frequency: 'PT5M'
    dimension: 'distributor'
    query: 'customMetrics | where name == "dropship.distributor.calls" | extend distributor = tostring(customDimensions["distributor"]), outcome = tostring(customDimensions["outcome"]) | summarize calls = sum(value), failed = sumif(value, outcome in (${serverSideOutcomes})) by distributor | where calls >= ${distributorErrorRateMinimumCalls} and failed * 100.0 / calls > ${distributorErrorRatePercent}'
  }
  {
    name: 'distributor-answer-problem'
    severity: 2
    description: 'A distributor sent an answer an adapter could not fully read (a field missing, of another type, an unknown value): see the answer problems kept for operators.'
    window: 'PT15M'
    frequency: 'PT5M'
    dimension: 'distributor'
    query: 'customMetrics | where name == "dropship.distributor.answer_problems" | extend distributor = tostring(customDimensions["distributor"]) | summarize problems = sum(value) by distributor | where problems > 0'
  }
  {
    name: 'credentials-rejected'
    severity: 2
    description: 'A distributor refused a store\'s credentials: the store sees it on its attention list; a wave of them points at the distributor.'
    window: 'PT15M'
    frequency: 'PT5M'
    dimension: 'distributor'
    query: 'customMetrics | where name == "dropship.connections.credentials_rejected" or (name == "dropship.distributor.calls" and tostring(customDimensions["outcome"]) == "credentials_rejected") | extend distributor = tostring(customDimensions["distributor"]) | summarize rejections = sum(value) by distributor | where rejections > 0'
  }
  {
    name: 'webhook-abandoned'
    severity: 1
    description: 'The platform was not told of an event: its webhook was given up after Platform:GiveUpAfter. Check the platform endpoint.'
    window: 'PT15M'
    frequency: 'PT5M'
    dimension: 'event_type'
    query: 'customMetrics | where name == "dropship.webhooks.deliveries" and tostring(customDimensions["outcome"]) == "abandoned" | extend event_type = tostring(customDimensions["event_type"]) | summarize abandoned = sum(value) by event_type | where abandoned > 0'
  }
  {
    name: 'feed-run-failed-or-refused'
    severity: 2
    description: 'A morning feed failed, or the drift guard refused it and kept yesterday\'s stock index.'
    window: 'PT6H'
    frequency: 'PT1H'
    dimension: 'distributor'
    query: 'customMetrics | where name == "dropship.feeds.runs" | extend distributor = tostring(customDimensions["distributor"]), outcome = tostring(customDimensions["outcome"]) | where outcome in ("failed", "rejected_by_drift_guard") | summarize runs = sum(value) by distributor | where runs > 0'
  }
  {
    name: 'sweeper-started-monitors'
    severity: 2
    description: 'The sweeper started more than ${sweeperMonitorsPerHour} tracking monitors in an hour: POs are losing their monitors (crashes after ordering, or starts failing).'
    window: 'PT1H'
    frequency: 'PT15M'
    dimension: ''
    query: 'customMetrics | where name == "dropship.tracking.monitors_started_by_sweeper" | summarize started = sum(value) | where started > ${sweeperMonitorsPerHour}'
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for rule in rules: {
  name: 'dropship-${rule.name}'
  location: location
  tags: tags
  properties: {
    displayName: 'DropShip: ${rule.name}'
    description: rule.description
    severity: rule.severity
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: rule.frequency
    windowSize: rule.window
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          dimensions: empty(rule.dimension) ? [] : [
            {
              name: rule.dimension
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}]

// One chart per figure the alerts watch, over the last day by default.
var charts = [
  {
    title: 'Distributor calls by outcome'
    query: 'customMetrics | where name == "dropship.distributor.calls" | extend distributor = tostring(customDimensions["distributor"]), outcome = tostring(customDimensions["outcome"]) | summarize calls = sum(value) by bin(timestamp, 15m), series = strcat(distributor, " ", outcome) | render timechart'
  }
  {
    title: 'Distributor call time (average seconds)'
    query: 'customMetrics | where name == "dropship.distributor.call.duration" | extend distributor = tostring(customDimensions["distributor"]), operation = tostring(customDimensions["operation"]) | summarize seconds = sum(value) / sum(valueCount) by bin(timestamp, 15m), series = strcat(distributor, " ", operation) | render timechart'
  }
  {
    title: 'Answer problems by distributor'
    query: 'customMetrics | where name == "dropship.distributor.answer_problems" | extend distributor = tostring(customDimensions["distributor"]), operation = tostring(customDimensions["operation"]) | summarize problems = sum(value) by bin(timestamp, 1h), series = strcat(distributor, " ", operation) | render columnchart'
  }
  {
    title: 'Rate-limit waits (distributor 429 or our budget) and breaker openings'
    query: 'customMetrics | where name in ("dropship.distributor.rate_limited", "dropship.distributor.breaker_opened") | extend distributor = tostring(customDimensions["distributor"]), source = tostring(customDimensions["source"]) | summarize count_ = sum(value) by bin(timestamp, 15m), series = strcat(name, " ", distributor, " ", source) | render timechart'
  }
  {
    title: 'Credentials rejected'
    query: 'customMetrics | where name == "dropship.connections.credentials_rejected" or (name == "dropship.distributor.calls" and tostring(customDimensions["outcome"]) == "credentials_rejected") | extend distributor = tostring(customDimensions["distributor"]) | summarize rejections = sum(value) by bin(timestamp, 1h), distributor | render columnchart'
  }
  {
    title: 'Monitors started by the sweeper'
    query: 'customMetrics | where name == "dropship.tracking.monitors_started_by_sweeper" | summarize started = sum(value) by bin(timestamp, 1h) | render columnchart'
  }
  {
    title: 'Webhook deliveries by outcome'
    query: 'customMetrics | where name == "dropship.webhooks.deliveries" | extend outcome = tostring(customDimensions["outcome"]) | summarize deliveries = sum(value) by bin(timestamp, 15m), outcome | render timechart'
  }
  {
    title: 'Customer emails by outcome'
    query: 'customMetrics | where name == "dropship.emails" | extend outcome = tostring(customDimensions["outcome"]) | summarize emails = sum(value) by bin(timestamp, 1h), outcome | render columnchart'
  }
  {
    title: 'Feed runs by outcome'
    query: 'customMetrics | where name == "dropship.feeds.runs" | extend distributor = tostring(customDimensions["distributor"]), outcome = tostring(customDimensions["outcome"]) | summarize runs = sum(value) by bin(timestamp, 1d), series = strcat(distributor, " ", outcome) | render columnchart'
  }
]

var workbookItems = [for (chart, i) in charts: {
  type: 3
  name: 'chart-${i}'
  content: {
    version: 'KqlItem/1.0'
    title: chart.title
    query: chart.query
    size: 0
    timeContext: {
      durationMs: 86400000
    }
    queryType: 0
    resourceType: 'microsoft.insights/components'
  }
}]

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(applicationInsightsId, 'dropship-operations')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'DropShip operations'
    category: 'workbook'
    sourceId: applicationInsightsId
    serializedData: string({
      version: 'Notebook/1.0'
      items: workbookItems
      fallbackResourceIds: [
        applicationInsightsId
      ]
    })
  }
}

output actionGroupId string = actionGroup.id
output workbookId string = workbook.id
