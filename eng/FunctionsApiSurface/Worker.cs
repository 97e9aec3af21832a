// Mirrors Microsoft.Azure.Functions.Worker.Extensions.Abstractions as shipped with Microsoft.Azure.Functions.Worker 2.52.0
// (Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Abstractions/src). Only what the app uses.
namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Method)]
    public class FunctionAttribute(string name) : Attribute
    {
        public string Name { get; } = name;
    }
}

namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions
{
    /// <summary>Base of trigger attributes. (The real type derives from BindingAttribute, which the app never names.)</summary>
    public abstract class TriggerBindingAttribute : Attribute { }
}
