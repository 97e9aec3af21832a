// Mirrors Microsoft.Azure.Functions.Worker.Extensions.DurableTask 1.16.4. Checked against Azure/azure-functions-durable-extension:
//   src/Worker.Extensions.DurableTask/OrchestrationTriggerAttribute.cs, ActivityTriggerAttribute.cs, DurableClientAttribute.cs.
// The real attributes also carry [DebuggerDisplay], [InputConverter(...)] and [ConverterFallbackBehavior(...)] (not declared here).
// Offline API surface: declares only what DropShip.Functions uses. See README.md beside this file.

using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OrchestrationTriggerAttribute : TriggerBindingAttribute
{
    public string? Orchestration { get; set; }
}

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ActivityTriggerAttribute : TriggerBindingAttribute
{
    public string? Activity { get; set; }
}

public sealed class DurableClientAttribute : InputBindingAttribute
{
    public string? TaskHub { get; set; }

    public string? ConnectionName { get; set; }
}
