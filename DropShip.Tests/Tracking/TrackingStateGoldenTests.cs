using Azure.Core.Serialization;
using DropShip.Core.Tracking;
using DropShip.Tests.Deployment;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DropShip.Tests.Tracking;

/// <summary>
/// Monitors run for six weeks, so the TrackingState a release writes is read by the releases after it. Golden/ keeps each
/// shape exactly as a release serialized it (v1: the release before versions, whose policy carried every tracking
/// setting); this release must read every one and carry on from it, and must write exactly the newest one. A change of
/// shape fails <see cref="This_release_writes_the_newest_golden_shape"/>: raise TrackingState.CurrentVersion, add the new
/// file, keep the old ones (README "Changing the monitor safely").
/// </summary>
public sealed class TrackingStateGoldenTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    public static TheoryData<int> Versions => new(Enumerable.Range(TrackingState.OldestReadableVersion, TrackingState.CurrentVersion - TrackingState.OldestReadableVersion + 1));

    /// <summary>The serializer the app hands the Durable extension (the worker's, as the app composes it).</summary>
    private static async Task<ObjectSerializer> AppSerializerAsync()
    {
        using var host = StartupCompositionTests.Build(await StartupCompositionTests.SettingsAsync());
        return host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;
    }

    private static string Golden(int version) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Tracking", "Golden", $"tracking-state-v{version}.json"));

    /// <summary>The golden states: an unconfirmed PO after two lookups, the second of which proved it absent.</summary>
    private static TrackingState Written()
    {
        var state = TrackingState.Start("dealer-1", "DS1001-1", T0, awaitingConfirmation: true, new TrackingOptions());
        state = Assert.IsType<TrackingStep.CheckAgain>(state.After(new CheckResult(CheckOutcome.NotFound, [], null, "not shown"), T0.AddMinutes(10))).Next;
        return Assert.IsType<TrackingStep.CheckAgain>(state.After(new CheckResult(CheckOutcome.ProvenAbsent, [], null, "absent"), T0.AddMinutes(20))).Next;
    }

    [Fact]
    public async Task This_release_writes_the_newest_golden_shape()
    {
        var serializer = await AppSerializerAsync();

        var json = serializer.Serialize(Written(), typeof(TrackingState), CancellationToken.None).ToString();

        Assert.Equal(Normalize(Golden(TrackingState.CurrentVersion)), Normalize(json));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Every_shape_still_running_is_read_as_it_was_written(int version)
    {
        var state = (TrackingState)(await AppSerializerAsync()).Deserialize(BinaryData.FromString(Golden(version)).ToStream(), typeof(TrackingState), CancellationToken.None)!;

        Assert.True(state.IsReadable);
        Assert.Equal(version, state.Version);
        Assert.Equal(Written() with { Version = version }, state);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Every_shape_still_running_carries_on_to_its_decision(int version)
    {
        var state = (TrackingState)(await AppSerializerAsync()).Deserialize(BinaryData.FromString(Golden(version)).ToStream(), typeof(TrackingState), CancellationToken.None)!;

        // A third lookup that proves nothing: counted, the dealer asked (three unresolved lookups), written in the current shape.
        var again = Assert.IsType<TrackingStep.CheckAgain>(state.After(new CheckResult(CheckOutcome.NotFound, [], null, "not shown"), T0.AddMinutes(30)));
        Assert.True(again.AskDealerToConfirm);
        Assert.Equal((3, 1, T0.AddMinutes(20), TrackingState.CurrentVersion), (again.Next.UnconfirmedLookups, again.Next.AbsenceProofs, again.Next.FirstAbsenceProofAt, again.Next.Version));
        Assert.Equal(T0.AddMinutes(30) + TimeSpan.FromHours(4), again.Next.NextCheckAt);

        // Two more proofs of absence, the last 20 minutes after the first: the PO was never placed.
        var second = Assert.IsType<TrackingStep.CheckAgain>(again.Next.After(new CheckResult(CheckOutcome.ProvenAbsent, [], null, "absent"), T0.AddMinutes(35))).Next;
        Assert.IsType<TrackingStep.NeverPlaced>(second.After(new CheckResult(CheckOutcome.ProvenAbsent, [], null, "absent"), T0.AddMinutes(40)));

        // Shipped ends it, whatever the shape.
        Assert.IsType<TrackingStep.Ended>(state.After(new CheckResult(CheckOutcome.Shipped, [], null, "shipped"), T0.AddMinutes(30)));
    }

    [Fact]
    public void A_shape_this_release_does_not_know_is_not_guessed_at()
    {
        Assert.False((Written() with { Version = TrackingState.CurrentVersion + 1 }).IsReadable);
        Assert.False((Written() with { Version = TrackingState.OldestReadableVersion - 1 }).IsReadable);
    }

    private static string Normalize(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString();
}
