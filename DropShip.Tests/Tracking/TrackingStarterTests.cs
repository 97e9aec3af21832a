using DropShip.Core.Common;
using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Tracking;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace DropShip.Tests.Tracking;

public class TrackingStarterTests
{
    private static readonly PurchaseOrder Po = new()
    {
        StoreId = "s1", PoNumber = "PO/1", OrderId = "o", ItemId = "i", Distributor = "wps", PartNumber = "p", Quantity = 1,
        Status = PurchaseOrderStatus.Open, ShipTo = new ShipTo(), CreatedAt = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), UpdatedAt = default,
    };

    private static TrackingStarter Starter() => new(Options.Create(new TrackingOptions()), NullLogger<TrackingStarter>.Instance);

    [Fact]
    public async Task Starts_the_monitor_under_the_fixed_instance_id_with_the_deadline_computed_once()
    {
        var client = new Mock<DurableTaskClient>("test");
        Assert.True(await Starter().StartAsync(client.Object, Po, default));
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == nameof(TrackPurchaseOrder)),
            It.Is<object?>(o => ((TrackingState)o!).Deadline == new DateTime(2026, 12, 13, 8, 0, 0, DateTimeKind.Utc) && ((TrackingState)o!).NextCheckAt == new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc)),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == "po|s1|PO%2F1"),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public async Task Starting_twice_finds_the_running_monitor_and_schedules_nothing(OrchestrationRuntimeStatus status)
    {
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.GetInstanceAsync("po|s1|PO%2F1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(nameof(TrackPurchaseOrder), "po|s1|PO%2F1") { RuntimeStatus = status });
        Assert.False(await Starter().StartAsync(client.Object, Po, default));
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Losing_the_start_race_to_another_starter_is_not_an_error()
    {
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new OrchestrationAlreadyExistsException("An orchestration with instance ID 'po|s1|PO%2F1' already exists."));
        Assert.False(await Starter().StartAsync(client.Object, Po, default));
    }

    [Fact]
    public async Task An_unconfirmed_po_is_reconciled_soon_not_after_two_hours()
    {
        var client = new Mock<DurableTaskClient>("test");
        await Starter().StartAsync(client.Object, Po with { Status = PurchaseOrderStatus.Unconfirmed }, default);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(),
            It.Is<object?>(o => ((TrackingState)o!).NextCheckAt == new DateTime(2026, 11, 1, 8, 10, 0, DateTimeKind.Utc)),
            It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    /// <summary>Stands in for DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException (same name, what the starter matches).</summary>
    private sealed class OrchestrationAlreadyExistsException(string message) : Exception(message);
}
