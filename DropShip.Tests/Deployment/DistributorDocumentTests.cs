using System.Text.Json;
using System.Text.RegularExpressions;
using DropShip.Core;
using DropShip.Core.Distributors;
using DropShip.Functions.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Tests.Deployment;

/// <summary>
/// What openapi.json says about distributors follows the app's one list (DistributorModules.All): the DistributorKey enum,
/// the credentials table of PUT connection, the limits table of submit and the "Known:" list in examples. Adding a
/// distributor fails here until the document says it, and each failure prints the text the document should have.
/// </summary>
public sealed partial class DistributorDocumentTests
{
    private static readonly Lazy<DistributorRegistry> AppRegistry = new(() =>
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" }).Build();
        return new ServiceCollection().AddLogging().AddDropShipCore(configuration).BuildServiceProvider().GetRequiredService<DistributorRegistry>();
    });

    private static readonly Lazy<JsonElement> Document = new(() => JsonDocument.Parse(OpenApiFunction.Load()).RootElement.Clone());

    /// <summary>The app's distributors in the order of the one list.</summary>
    private static IReadOnlyList<DistributorProfile> Profiles => [.. DistributorModules.All.Select(m => AppRegistry.Value.Find(m.Key)!.Profile)];

    [Fact]
    public void The_distributor_enum_is_the_registry_in_its_order()
    {
        var documented = Document.Value.GetProperty("components").GetProperty("schemas").GetProperty("DistributorKey").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()).ToList();

        Assert.Equal(DistributorModules.All.Select(m => m.Key), documented);
    }

    [Fact]
    public void The_credentials_table_of_a_connection_is_the_registrys()
    {
        var description = Operation("/stores/{storeId}/distributors/{distributor}", "put");
        var rows = Profiles.Select(p => $"| `{p.Key}` | {string.Join(", ", p.CredentialFields.Select(f => f.IsSecret ? $"`{f.Name}`*" : $"`{f.Name}` (max {f.MaxLength})"))} |");

        AssertTable(description, "| distributor | fields (secret ones marked *) |", rows);
    }

    [Fact]
    public void The_limits_table_of_a_submit_is_the_registrys()
    {
        var description = Operation("/stores/{storeId}/purchase-orders", "post");
        var rows = Profiles.Select(p => p.Limits is var l && l.ShipTo is var s
            ? $"| `{p.Key}` | {l.PoNumberMaxLength} | {s.Name} | {s.Address} | {s.City} | {s.State} | {s.PostalCode} | {s.Phone} | {s.Email} |" : "");

        AssertTable(description, "| distributor | PO number | name | address | city | state | postal code | phone | email |", rows);
    }

    [Fact]
    public void Every_known_distributors_list_in_an_example_is_the_registrys()
    {
        var lists = KnownList().Matches(Document.Value.GetRawText()).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(lists);
        Assert.All(lists, list => Assert.Equal(AppRegistry.Value.KnownKeys, list));
    }

    private static string Operation(string path, string method) =>
        Document.Value.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("description").GetString()!;

    /// <summary>The table under <paramref name="header"/> has exactly <paramref name="rows"/>, in order.</summary>
    private static void AssertTable(string description, string header, IEnumerable<string> rows)
    {
        var lines = description.Split('\n');
        var start = Array.IndexOf(lines, header);
        Assert.True(start >= 0, $"No table headed {header}");
        var documented = lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')).ToList();
        var expected = rows.ToList();
        Assert.True(expected.SequenceEqual(documented), $"The table should read:\n{string.Join("\n", expected)}\nbut reads:\n{string.Join("\n", documented)}");
    }

    [GeneratedRegex(@"Known: ([a-z0-9, -]+)\.")]
    private static partial Regex KnownList();
}
