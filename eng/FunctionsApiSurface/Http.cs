// Mirrors Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore 2.1.0 and the Microsoft.Azure.Functions.Worker.Extensions.Http
// package it brings in. Checked against Azure/azure-functions-dotnet-worker:
//   extensions/Worker.Extensions.Http/src/HttpTriggerAttribute.cs (the four-constructor version; the string authLevelKey
//   overloads seen on one stored branch were never merged), extensions/Worker.Extensions.Http/AuthorizationLevel.cs
//   (now namespace Microsoft.Azure.Functions.Worker), extensions/Worker.Extensions.Http.AspNetCore/src/FunctionsApplicationBuilderAspNetCoreExtensions.cs.
// Offline API surface: declares only what DropShip.Functions uses. See README.md beside this file.

using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker
{
    public sealed class HttpTriggerAttribute : TriggerBindingAttribute
    {
        public HttpTriggerAttribute()
        {
            AuthLevel = AuthorizationLevel.Function;
        }

        // Real: AuthLevel is NOT set here (stays Anonymous = 0 on the attribute; the generator writes no authLevel).
        public HttpTriggerAttribute(params string[] methods)
        {
            Methods = methods;
        }

        public HttpTriggerAttribute(AuthorizationLevel authLevel)
        {
            AuthLevel = authLevel;
        }

        public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
        {
            AuthLevel = authLevel;
            Methods = methods;
        }

        public string? Route { get; set; }

#pragma warning disable CA1819 // Properties should not return arrays: mirrors the real declaration.
        public string[]? Methods { get; private set; }
#pragma warning restore CA1819

        public AuthorizationLevel AuthLevel { get; private set; }
    }

    public enum AuthorizationLevel
    {
        Anonymous = 0,
        User = 1,
        Function = 2,
        System = 3,
        Admin = 4,
    }
}

namespace Microsoft.Azure.Functions.Worker.Builder
{
    public static class FunctionsApplicationBuilderAspNetCoreExtensions
    {
        /// <summary>
        /// Real: configures the worker for ASP.NET Core integration. Offline there is no worker to configure, so this
        /// returns the builder unchanged (it registers nothing).
        /// </summary>
        public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            return builder;
        }
    }
}
