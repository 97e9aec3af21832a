using DropShip.Core.Distributors;
using DropShip.Sandbox;
using DropShip.Tests.Distributors.Fifth;

namespace DropShip.Tests.Infrastructure;

/// <summary>
/// The distributors the tests run: the app's own (<see cref="DistributorModules.All"/>) and the test-only ones. A test-only
/// distributor is one folder under Distributors/ (its module, adapter, live stock, feed and sandbox emulator) plus its line
/// in <see cref="TestOnly"/>: TestApp registers its module after AddDropShipCore (AddDistributor, the same call the app makes
/// for each of its own) and starts the sandbox with its emulator, and every suite fed from <see cref="Keys"/> takes it.
/// </summary>
public static class TestDistributors
{
    public static readonly IReadOnlyList<TestOnlyDistributor> TestOnly =
    [
        FifthModule.Distributor,
    ];

    public static IReadOnlyList<DistributorModule> Modules { get; } = [.. DistributorModules.All, .. TestOnly.Select(d => d.Module)];

    /// <summary>Every distributor key the tests run, the app's first.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. Modules.Select(m => m.Key)];

    /// <summary>For theories over every distributor: <c>[MemberData(nameof(TestDistributors.All), MemberType = typeof(TestDistributors))]</c>.</summary>
    public static TheoryData<string> All => new(Keys);

    public static DistributorModule Module(string key) => Modules.Single(m => m.Key == key);
}

/// <summary>A distributor only the tests know: its module (as the app would register it) and its emulator on the sandbox.</summary>
public sealed record TestOnlyDistributor(DistributorModule Module, IDistributorEmulator Emulator);
