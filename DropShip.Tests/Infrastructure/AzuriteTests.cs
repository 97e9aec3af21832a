namespace DropShip.Tests.Infrastructure;

public class AzuriteTests
{
    [Fact]
    public async Task Azurite_serves_tables_and_blobs()
    {
        var tables = await Azurite.TablesAsync();
        var table = tables.GetTableClient(Azurite.UniqueName("smoke"));
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity("p", "r") { ["v"] = 1 });
        Assert.Equal(1, (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("p", "r")).Value.GetInt32("v"));

        var blobs = await Azurite.BlobsAsync();
        var container = blobs.GetBlobContainerClient(Azurite.UniqueName("smoke"));
        await container.CreateIfNotExistsAsync();
        Assert.True(await container.ExistsAsync());
    }
}
