using Azure.Data.Tables;

namespace DropShip.Core.Storage;

/// <summary>
/// One of the app's tables, created on first use so no call pays for CreateIfNotExists. Creation succeeds once per
/// process; a failed attempt (storage briefly unreachable) is not remembered, so the next call tries again instead of
/// failing until the process restarts. Concurrent first calls share one attempt.
/// </summary>
public sealed class AppTable
{
    private readonly TableClient client;
    private readonly Lock gate = new();
    private Task? creation;

    public AppTable(TableServiceClient service, string name)
    {
        client = service.GetTableClient(name);
    }

    public string Name => client.Name;

    public async ValueTask<TableClient> GetAsync()
    {
        Task attempt;
        lock (gate)
        {
            if (creation is { IsCompletedSuccessfully: true }) return client;
            // A finished attempt here failed (or was cancelled): start a new one. One in flight is shared.
            if (creation is null || creation.IsCompleted) creation = client.CreateIfNotExistsAsync();
            attempt = creation;
        }
        await attempt;
        return client;
    }
}
