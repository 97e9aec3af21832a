// Mirrors Microsoft.Azure.Functions.Worker 2.52.0 (with the Worker.Core and Worker.Extensions.Abstractions packages it
// brings in). Checked against Azure/azure-functions-dotnet-worker:
//   extensions/Worker.Extensions.Abstractions/FunctionAttribute.cs, src/BindingAttribute.cs, src/InputBindingAttribute.cs,
//   TriggerBindingAttribute.cs (namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions);
//   src/DotNetWorker.Core/Context/FunctionContext.cs, TraceContext.cs, BindingContext.cs, RetryContext.cs,
//   Features/IInvocationFeatures.cs, FunctionContextLoggerExtensions.cs; src/DotNetWorker.Core/Definition/FunctionDefinition.cs;
//   src/DotNetWorker/Builder/FunctionsApplication.cs, FunctionsApplicationBuilder.cs.
// Offline API surface: declares only what DropShip.Functions uses. See README.md beside this file.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions
{
    // Real: public abstract with a public parameterless constructor, [AttributeUsage(AttributeTargets.Method)].
    [AttributeUsage(AttributeTargets.Method)]
    public abstract class BindingAttribute : Attribute
    {
#pragma warning disable CA1012 // Abstract types should not have public constructors: mirrors the real declaration.
        public BindingAttribute()
        {
        }
#pragma warning restore CA1012
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public abstract class TriggerBindingAttribute : BindingAttribute
    {
#pragma warning disable CA1012
        public TriggerBindingAttribute()
        {
        }
#pragma warning restore CA1012
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public abstract class InputBindingAttribute : BindingAttribute
    {
#pragma warning disable CA1012
        public InputBindingAttribute()
        {
        }
#pragma warning restore CA1012
    }
}

namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Method)]
    public class FunctionAttribute : Attribute
    {
        public FunctionAttribute(string name)
        {
            Name = name;
        }

        public string Name { get; }
    }

    /// <summary>Encapsulates the information about a function execution. Same abstract/virtual layout as the real type.</summary>
    public abstract class FunctionContext
    {
        public abstract string InvocationId { get; }

        public abstract string FunctionId { get; }

        public abstract TraceContext TraceContext { get; }

        public abstract BindingContext BindingContext { get; }

        public abstract RetryContext RetryContext { get; }

        public abstract IServiceProvider InstanceServices { get; set; }

        public abstract FunctionDefinition FunctionDefinition { get; }

        public abstract IDictionary<object, object> Items { get; set; }

        public abstract IInvocationFeatures Features { get; }

        public virtual CancellationToken CancellationToken { get; } = CancellationToken.None;
    }

    // The member types FunctionContext needs. The real ones have more (abstract) members; none is declared here because
    // the app does not use them (rule: declare only what is used).
    public abstract class TraceContext
    {
    }

    public abstract class BindingContext
    {
    }

    public abstract class RetryContext
    {
    }

    public abstract class FunctionDefinition
    {
    }

#pragma warning disable CA1040 // Avoid empty interfaces: the real interface has members the app does not use.
    public interface IInvocationFeatures
    {
    }
#pragma warning restore CA1040

    /// <summary><see cref="FunctionContext"/> extensions for <see cref="ILogger"/>, resolved exactly as the real ones are.</summary>
    public static class FunctionContextLoggerExtensions
    {
        // Real: resolves ILogger<T> (not ILoggerFactory) from InstanceServices.
        public static ILogger<T> GetLogger<T>(this FunctionContext context)
        {
            return context.InstanceServices.GetService<ILogger<T>>()!;
        }

        // Real: resolves ILoggerFactory from InstanceServices and creates the logger with the category as given.
        public static ILogger GetLogger(this FunctionContext context, string categoryName)
        {
            return context.InstanceServices
                    .GetService<ILoggerFactory>()!
                    .CreateLogger(categoryName);
        }
    }
}

namespace Microsoft.Azure.Functions.Worker.Builder
{
    public class FunctionsApplication
    {
        public static FunctionsApplicationBuilder CreateBuilder(string[] args) => new(args);
    }

    /// <summary>
    /// Offline stand-in for the Functions application builder. Configuration, Environment, Logging and Services are real
    /// (a plain <see cref="HostApplicationBuilder"/> configured like the real builder's: AZURE_FUNCTIONS_ environment
    /// variables, host defaults, console logger provider removed), so the app's registrations can be built and resolved
    /// in tests. It registers no Functions worker services, and <see cref="Build"/> returns a plain generic host that
    /// hosts no functions (no gRPC worker, no triggers).
    /// </summary>
    public class FunctionsApplicationBuilder
    {
        private readonly HostApplicationBuilder _hostApplicationBuilder;
        private bool _hasBuilt;

        internal FunctionsApplicationBuilder(string[]? args)
        {
            var configuration = new ConfigurationManager();
            configuration.AddEnvironmentVariables("AZURE_FUNCTIONS_");

            _hostApplicationBuilder = new HostApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = args,
                Configuration = configuration,
            });

            // The real builder removes the console logger provider (the Functions host does the console logging).
            List<ServiceDescriptor> toRemove = _hostApplicationBuilder.Services
                .Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider))
                .ToList();
            foreach (ServiceDescriptor descriptor in toRemove)
            {
                _hostApplicationBuilder.Services.Remove(descriptor);
            }
        }

        public ConfigurationManager Configuration => _hostApplicationBuilder.Configuration;

        public IHostEnvironment Environment => _hostApplicationBuilder.Environment;

        public ILoggingBuilder Logging => _hostApplicationBuilder.Logging;

        public IServiceCollection Services => _hostApplicationBuilder.Services;

        /// <summary>Builds a plain generic host from the registrations (no Functions worker). Can be called only once, as in the real builder.</summary>
        public IHost Build()
        {
            if (_hasBuilt)
            {
                throw new InvalidOperationException("The application has already been built.");
            }

            _hasBuilt = true;
            return _hostApplicationBuilder.Build();
        }
    }
}
