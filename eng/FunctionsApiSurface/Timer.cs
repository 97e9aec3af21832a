// Mirrors Microsoft.Azure.Functions.Worker.Extensions.Timer 4.3.1. Checked against Azure/azure-functions-dotnet-worker:
//   extensions/Worker.Extensions.Timer/src/TimerTriggerAttribute.cs, extensions/Worker.Extensions.Timer/TimerInfo.cs
//   (TimerInfo.ScheduleStatus and its type are left out: the app does not read them).
// Offline API surface: declares only what DropShip.Functions uses. See README.md beside this file.

using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker
{
    // The real attribute also carries [BindingCapabilities(KnownBindingCapabilities.FunctionLevelRetry)] (not declared here).
    public sealed class TimerTriggerAttribute : TriggerBindingAttribute
    {
        public TimerTriggerAttribute(string schedule)
        {
            Schedule = schedule;
            UseMonitor = true;
        }

        /// <summary>6-field NCRONTAB expression, a TimeSpan string (App Service plan only), or %AppSetting%.</summary>
        public string Schedule { get; private set; }

        public bool UseMonitor { get; set; }

        public bool RunOnStartup { get; set; }
    }

    public class TimerInfo
    {
        public bool IsPastDue { get; set; }
    }
}
