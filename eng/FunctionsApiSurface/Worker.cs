// Mirrors Microsoft.Azure.Functions.Worker 2.52.0 (with the Worker.Core and Worker.Extensions.Abstractions packages it
// brings in). Checked against Azure/azure-functions-dotnet-worker:
//   extensions/Worker.Extensions.Abstractions/FunctionAttribute.cs, src/BindingAttribute.cs, src/InputBindingAttribute.cs,
//   TriggerBindingAttribute.cs (namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions);
//   src/DotNetWorker.Core/Context/FunctionContext.cs, TraceContext.cs, BindingContext.cs, RetryContext.cs,
//   Features/IInvocationFeatures.cs, FunctionContextLoggerExtensions.cs; src/DotNetWorker.Core/Definition/FunctionDefinition.cs;
//   src/DotNetWorker/Builder/FunctionsApplication.cs, FunctionsApplicationBuilder.cs.
// Middleware (added for DropShip.Functions/Telemetry): src/DotNetWorker.Core/Pipeline/IFunctionsWorkerMiddleware.cs and
//   FunctionExecutionDelegate.cs (both namespace Microsoft.Azure.Functions.Worker.Middleware),
//   src/DotNetWorker.Core/Hosting/IFunctionsWorkerApplicationBuilder.cs,
//   src/DotNetWorker.Core/Hosting/WorkerMiddlewareWorkerApplicationBuilderExtensions.cs (class
//   MiddlewareWorkerApplicationBuilderExtensions, namespace Microsoft.Extensions.Hosting: UseMiddleware<T>()),
//   src/DotNetWorker.Core/Context/BindingContext.cs (BindingData; DefaultBindingContext returns the invocation's
//   TriggerMetadata, which holds an HTTP trigger's route values: DefaultFunctionInputBindingFeature binds route parameters
//   from it), src/DotNetWorker.Core/Definition/FunctionDefinition.cs (Name).
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

    // The member types FunctionContext needs. Some real ones have more (abstract) members; those are not declared here
    // because the app does not use them (rule: declare only what is used).
    public abstract class TraceContext
    {
    }

    /// <summary>Real: the binding information of an invocation. BindingData is its only member.</summary>
    public abstract class BindingContext
    {
        // Real (DW src/DotNetWorker.Core/Context/BindingContext.cs): the trigger metadata of the invocation. For an HTTP
        // trigger it holds the route values (e.g. "storeId"), keyed case-insensitively, as strings.
        public abstract IReadOnlyDictionary<string, object?> BindingData { get; }
    }

    public abstract class RetryContext
    {
    }

    // Real (DW src/DotNetWorker.Core/Definition/FunctionDefinition.cs) also has the abstract Parameters, PathToAssembly,
    // EntryPoint, Id, InputBindings, OutputBindings and BindsToCancellationToken; only Name is used.
    public abstract class FunctionDefinition
    {
        public abstract string Name { get; }
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

namespace Microsoft.Azure.Functions.Worker.Middleware
{
    /// <summary>Real: a delegate that can process an invocation (the next step of the worker pipeline).</summary>
    public delegate Task FunctionExecutionDelegate(FunctionContext context);

    /// <summary>Real: a middleware in the worker's invocation pipeline, registered with UseMiddleware&lt;T&gt;().</summary>
    public interface IFunctionsWorkerMiddleware
    {
        Task Invoke(FunctionContext context, FunctionExecutionDelegate next);
    }
}

namespace Microsoft.Azure.Functions.Worker
{
    /// <summary>Real: the builder of a Functions worker application (implemented by FunctionsApplicationBuilder).</summary>
    public interface IFunctionsWorkerApplicationBuilder
    {
        IServiceCollection Services { get; }

        IFunctionsWorkerApplicationBuilder Use(Func<Middleware.FunctionExecutionDelegate, Middleware.FunctionExecutionDelegate> middleware);
    }
}

namespace Microsoft.Extensions.Hosting
{
    using Microsoft.Azure.Functions.Worker;
    using Microsoft.Azure.Functions.Worker.Middleware;

    /// <summary>Real: worker middleware registration. Only UseMiddleware&lt;T&gt;() is declared (the app uses nothing else).</summary>
    public static class MiddlewareWorkerApplicationBuilderExtensions
    {
        // Same body as the real one: T becomes a singleton, resolved from the invocation's services and invoked with `next`.
        public static IFunctionsWorkerApplicationBuilder UseMiddleware<T>(this IFunctionsWorkerApplicationBuilder builder)
            where T : class, IFunctionsWorkerMiddleware
        {
            builder.Services.AddSingleton<T>();

            builder.Use(next =>
            {
                return context =>
                {
                    var middleware = context.InstanceServices.GetRequiredService<T>();

                    return middleware.Invoke(context, next);
                };
            });

            return builder;
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
    public class FunctionsApplicationBuilder : IFunctionsWorkerApplicationBuilder
    {
        private readonly HostApplicationBuilder _hostApplicationBuilder;
        private readonly List<Func<Middleware.FunctionExecutionDelegate, Middleware.FunctionExecutionDelegate>> _middleware = [];
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

        /// <summary>
        /// Real: adds a middleware to the worker's invocation pipeline; throws once the application is built. Offline there is
        /// no pipeline: the middleware is kept and never invoked.
        /// </summary>
        public IFunctionsWorkerApplicationBuilder Use(Func<Middleware.FunctionExecutionDelegate, Middleware.FunctionExecutionDelegate> middleware)
        {
            if (_hasBuilt)
            {
                throw new InvalidOperationException("The application has already been built.");
            }

            _middleware.Add(middleware);
            return this;
        }

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
