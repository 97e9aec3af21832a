using Azure.Data.Tables;

namespace DropShip.Core.Storage;

/// <summary>One of the app's tables, created on first use (once per process) so no call pays for CreateIfNotExists.</summary>
public sealed class AppTable
{
    private readonly TableClient client;
    private readonly Lazy<Task> created;

    public AppTable(TableServiceClient service, string name)
    {
        client = service.GetTableClient(name);
        created = new Lazy<Task>(() => client.CreateIfNotExistsAsync(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public async ValueTask<TableClient> GetAsync()
    {
        await created.Value;
        return client;
    }
}
