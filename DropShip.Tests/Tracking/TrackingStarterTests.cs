using DropShip.Core.PurchaseOrders;
using DropShip.Core.Tracking;
using DropShip.Functions.Tracking;
using DropShip.Tests.Infrastructure;
using DurableTask.Core.Exceptions;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace DropShip.Tests.Tracking;

/// <summary>
/// Starting a monitor against a Durable client. The engine tests cover the check-first path for real; the in-process
/// engine cannot refuse a duplicate start, so losing the race is the real client's failure, raised by a mock.
/// </summary>
public sealed class TrackingStarterTests : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    private PurchaseOrder Po(PurchaseOrderStatus status = PurchaseOrderStatus.Open) =>
        Orders.Po(app.StoreId, "PO/1", status, new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));

    private TrackingStarter Starter => app.Get<TrackingStarter>();

    [Fact]
    public async Task Starts_the_monitor_under_the_fixed_instance_id_with_the_deadline_computed_once()
    {
        var client = new Mock<DurableTaskClient>("test");
        Assert.True(await Starter.StartAsync(client.Object, Po(), default));
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(
            It.Is<TaskName>(n => n.Name == nameof(TrackPurchaseOrder)),
            It.Is<object?>(o => ((TrackingState)o!).Deadline == new DateTime(2026, 12, 13, 8, 0, 0, DateTimeKind.Utc) && ((TrackingState)o!).NextCheckAt == new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc)),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == $"po|{app.StoreId}|PO%2F1"),
            It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(PurchaseOrderStatus.Unconfirmed)]
    [InlineData(PurchaseOrderStatus.Submitting)]
    public async Task A_po_awaiting_confirmation_is_looked_up_soon_not_after_two_hours(PurchaseOrderStatus status)
    {
        var client = new Mock<DurableTaskClient>("test");
        await Starter.StartAsync(client.Object, Po(status), default);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(),
            It.Is<object?>(o => ((TrackingState)o!).NextCheckAt == new DateTime(2026, 11, 1, 8, 10, 0, DateTimeKind.Utc) && ((TrackingState)o!).AwaitingConfirmation),
            It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    public static TheoryData<Exception> AlreadyExists => new()
    {
        // What the gRPC client throws when the host answers StatusCode.AlreadyExists...
        new OrchestrationAlreadyExistsException("An orchestration with id 'po|s|PO' already exists."),
        // ...and the host's answer itself, from a client that does not translate it.
        new RpcException(new Status(StatusCode.AlreadyExists, "already exists")),
    };

    [Theory]
    [MemberData(nameof(AlreadyExists))]
    public async Task Losing_the_start_race_to_another_starter_is_not_an_error(Exception refusal)
    {
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(refusal);
        Assert.False(await Starter.StartAsync(client.Object, Po(), default));
    }

    [Fact]
    public async Task Any_other_failure_is_not_mistaken_for_a_running_monitor()
    {
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.Unavailable, "host down")));
        await Assert.ThrowsAsync<RpcException>(() => Starter.StartAsync(client.Object, Po(), default));
    }

    [Fact]
    public async Task Submit_answers_201_when_the_distributor_accepted_even_if_the_monitor_cannot_start()
    {
        await app.ConnectWpsAsync();
        app.Durable.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RpcException(new Status(StatusCode.Unavailable, "host down")));

        var result = Http.Read(await app.Get<Functions.Submission.SubmitPurchaseOrderFunction>().SubmitPurchaseOrder(
            Http.Request("POST", Orders.Submit(Orders.Item(), "DS-DEFER")), app.StoreId, app.Durable.Object));

        Assert.Equal(201, result.Status);
        var timeline = await app.Get<PurchaseOrderStore>().TimelineAsync(app.StoreId, "DS-DEFER", default);
        Assert.Contains("Tracking will start shortly", Assert.Single(timeline, e => e.Type == TimelineEntryTypes.TrackingDeferred).Message);
        Assert.Equal(PurchaseOrderStatus.Open, (await app.Get<PurchaseOrderStore>().FindAsync(app.StoreId, "DS-DEFER", default))!.Po.Status);
    }
}
