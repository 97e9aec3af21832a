using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using DropShip.Core.Storage;
using DropShip.Tests.Infrastructure;

namespace DropShip.Tests.Storage;

/// <summary>Table creation against Azurite, with storage made unreachable for the first calls by a pipeline policy.</summary>
public class AppTableTests
{
    /// <summary>Refuses the first <paramref name="failures"/> requests as a 503 without sending them: storage briefly down.</summary>
    private sealed class Outage(int failures) : HttpPipelinePolicy
    {
        private int remaining = failures;

        public int Sent { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Interlocked.Decrement(ref remaining) >= 0) throw new RequestFailedException(503, "Storage is unavailable (test outage).");
            Sent++;
            await ProcessNextAsync(message, pipeline);
        }
    }

    private static async Task<(TableServiceClient Service, Outage Outage)> ServiceAsync(int failures)
    {
        var outage = new Outage(failures);
        var options = new TableClientOptions { Retry = { MaxRetries = 0 } };
        options.AddPolicy(outage, HttpPipelinePosition.PerCall);
        return (new TableServiceClient(await Azurite.ConnectionStringAsync(), options), outage);
    }

    [Fact]
    public async Task A_failed_creation_is_tried_again_on_the_next_call_instead_of_failing_until_restart()
    {
        var (service, outage) = await ServiceAsync(failures: 2);
        var table = new AppTable(service, Azurite.UniqueName("apptable"));

        await Assert.ThrowsAsync<RequestFailedException>(async () => await table.GetAsync());
        await Assert.ThrowsAsync<RequestFailedException>(async () => await table.GetAsync());
        var client = await table.GetAsync();

        await client.AddEntityAsync(new TableEntity("p", "r"));
        Assert.True((await client.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
        // Created once: later calls do not ask storage again.
        var sent = outage.Sent;
        await table.GetAsync();
        Assert.Equal(sent, outage.Sent);
    }

    [Fact]
    public async Task Concurrent_first_calls_share_one_creation()
    {
        var (service, outage) = await ServiceAsync(failures: 0);
        var table = new AppTable(service, Azurite.UniqueName("apptable"));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ => await table.GetAsync()));

        Assert.Equal(1, outage.Sent);
    }
}
