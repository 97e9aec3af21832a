using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;

namespace DropShip.Benchmarks;

/// <summary>
/// The Durable engine's own storage requests, measured: its Azure Storage provider (DurableTask.AzureStorage, the version
/// the Functions host's Durable extension runs) against Azurite with this app's host.json settings (4 partitions, 10 s
/// longest queue poll, extended sessions off; the table partition manager, Durable Functions 3's default), running an
/// orchestration of the tracking monitor's shape: per check one activity, a second one when a package is found, a durable
/// timer and ContinueAsNew. Every request the provider sends is counted on its SDK clients, and split into the PO's work
/// and the engine's background (polls that found no message, partition-lease upkeep), which it pays whether or not a PO
/// is in flight. What is not the same as in the host: the orchestration runs in this process (the host runs it in the
/// isolated worker over gRPC, which adds no storage), and timers last one second.
/// </summary>
public static class DurableEngineCost
{
    public sealed record Counts(long Tables, long Queues, long Blobs)
    {
        public long Total => Tables + Queues + Blobs;
    }

    /// <summary>The PO's work, and the background requests per hour while idle.</summary>
    public static async Task<(Counts Po, Counts IdlePerHour, TimeSpan IdleSample)> MeasureAsync(string connection, int checks, int[] packagesAt, TimeSpan idleSample)
    {
        var tables = new EngineRequests();
        var queues = new EngineRequests();
        var blobs = new EngineRequests();
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "CostHub" + Guid.NewGuid().ToString("N")[..8],
            StorageAccountClientProvider = new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(connection, blobs.Attach(new BlobClientOptions())),
                StorageServiceClientProvider.ForQueue(connection, queues.Attach(new QueueClientOptions())),
                StorageServiceClientProvider.ForTable(connection, tables.Attach(new TableClientOptions()))),
            PartitionCount = 4,
            MaxQueuePollingInterval = TimeSpan.FromSeconds(10),
            ExtendedSessionsEnabled = false,
            UseTablePartitionManagement = true,
        };
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(service);
        worker.AddTaskOrchestrations(typeof(MonitorShape));
        worker.AddTaskActivities(new CheckShape(packagesAt), new NotifyShape());
        await worker.StartAsync();
        try
        {
            var client = new TaskHubClient(service);
            // Settled: partitions owned, polls backed off.
            await Task.Delay(TimeSpan.FromSeconds(15));
            Reset();
            var instance = await client.CreateOrchestrationInstanceAsync(typeof(MonitorShape), "po|cost|DS1", new MonitorInput(1, checks));
            var state = await client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(3));
            if (state?.OrchestrationStatus != OrchestrationStatus.Completed)
                throw new InvalidOperationException($"The monitor-shaped orchestration ended {state?.OrchestrationStatus.ToString() ?? "(timed out)"}.");
            var po = new Counts(tables.Work, queues.Work, blobs.Work);

            await Task.Delay(TimeSpan.FromSeconds(15)); // back to idle
            Reset();
            await Task.Delay(idleSample);
            var scale = TimeSpan.FromHours(1) / idleSample;
            var idle = new Counts((long)Math.Round(tables.All * scale), (long)Math.Round(queues.All * scale), (long)Math.Round(blobs.All * scale));
            return (po, idle, idleSample);
        }
        finally
        {
            await worker.StopAsync(isForced: true);
            await service.DeleteAsync();
        }

        void Reset()
        {
            tables.Reset();
            queues.Reset();
            blobs.Reset();
        }
    }

    public sealed record MonitorInput(int Check, int Checks);

    /// <summary>The tracking monitor's shape: check; notify when the check found a package; wait; continue as new.</summary>
    private sealed class MonitorShape : TaskOrchestration<string, MonitorInput>
    {
        public override async Task<string> RunTask(OrchestrationContext context, MonitorInput input)
        {
            if (await context.ScheduleTask<bool>(typeof(CheckShape), input.Check))
                await context.ScheduleTask<bool>(typeof(NotifyShape), input.Check);
            if (input.Check == input.Checks) return "shipped";
            await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(1), true);
            context.ContinueAsNew(input with { Check = input.Check + 1 });
            return "";
        }
    }

    private sealed class CheckShape(int[] packagesAt) : TaskActivity<int, bool>
    {
        protected override bool Execute(TaskContext context, int check) => packagesAt.Contains(check);
    }

    private sealed class NotifyShape : TaskActivity<int, bool>
    {
        protected override bool Execute(TaskContext context, int check) => true;
    }

    /// <summary>
    /// Counts the provider's requests, all of them and its work alone: a queue read that found no message and the
    /// partition table's and lease blobs' upkeep are background, paid whether or not a PO is in flight.
    /// </summary>
    private sealed class EngineRequests : HttpPipelinePolicy
    {
        private long all;
        private long work;

        public long All => Interlocked.Read(ref all);
        public long Work => Interlocked.Read(ref work);

        public void Reset()
        {
            Interlocked.Exchange(ref all, 0);
            Interlocked.Exchange(ref work, 0);
        }

        public T Attach<T>(T options) where T : ClientOptions
        {
            options.AddPolicy(this, HttpPipelinePosition.PerRetry);
            return options;
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Count(message);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Count(message);
        }

        private void Count(HttpMessage message)
        {
            Interlocked.Increment(ref all);
            if (!IsBackground(message)) Interlocked.Increment(ref work);
        }

        private static bool IsBackground(HttpMessage message)
        {
            var path = message.Request.Uri.Path;
            if (path.Contains("partitions", StringComparison.OrdinalIgnoreCase) || path.Contains("-leases", StringComparison.OrdinalIgnoreCase)) return true;
            if (message.Request.Method != RequestMethod.Get || !path.EndsWith("/messages", StringComparison.Ordinal)) return false;
            var body = message.Response.Content?.ToString() ?? "";
            return !body.Contains("<QueueMessage>", StringComparison.Ordinal);
        }
    }
}
