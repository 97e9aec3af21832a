using DropShip.Core.Platform;

namespace DropShip.Tests.Unit;

public sealed class DeterministicIdTests
{
    [Fact]
    public void The_same_parts_always_give_the_same_id()
    {
        // Pinned: ids are stored (outbox rows) and sent (event ids), so they must not change between versions.
        Assert.Equal(Guid.Parse("5ee8ea96-f824-f12c-4486-4965913e5d87"), DeterministicId.From("purchase_order.created", "store-1", "PO-1001", ""));
        Assert.Equal(DeterministicId.From("a", "b", "c"), DeterministicId.From("a", "b", "c"));
        Assert.Equal(DeterministicId.From(["a", "b"]), DeterministicId.From(new[] { "a", "b" }.ToArray()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Changing_any_part_changes_the_id(int index)
    {
        string[] parts = ["purchase_order.tracking_found", "store-1", "PO-1001", "1Z999AA10123456784"];
        var changed = parts.ToArray();
        changed[index] += "x";

        Assert.NotEqual(DeterministicId.From(parts), DeterministicId.From(changed));
    }

    [Fact]
    public void Parts_are_case_sensitive_and_ordered()
    {
        Assert.NotEqual(DeterministicId.From("PO-1"), DeterministicId.From("po-1"));
        Assert.NotEqual(DeterministicId.From("a", "b"), DeterministicId.From("b", "a"));
    }

    public static TheoryData<string[], string[]> Neighbours => new()
    {
        { ["ab", "c"], ["a", "bc"] },
        { ["a", ""], ["a"] },
        { ["", "a"], ["a", ""] },
        { ["", ""], [""] },
        { ["a b"], ["a", "b"] },
        { ["a|b"], ["a", "b"] },
        { ["a:b"], ["a", "b"] },
        { ["store", "PO", ""], ["store", "PO"] },
        // The separator itself inside a part must not make two different part lists collide.
        { ["a\u001fb"], ["a", "b"] },
        { ["a\u001f", "b"], ["a", "\u001fb"] },
    };

    [Theory]
    [MemberData(nameof(Neighbours))]
    public void Different_part_lists_never_share_an_id(string[] left, string[] right)
    {
        Assert.NotEqual(DeterministicId.From(left), DeterministicId.From(right));
    }

    [Fact]
    public void Ids_do_not_collide_across_many_events()
    {
        var ids = new HashSet<Guid>();
        foreach (var type in new[] { PlatformEventTypes.PurchaseOrderCreated, PlatformEventTypes.TrackingFound, PlatformEventTypes.TrackingStopped, PlatformEventTypes.PurchaseOrderFailed })
            for (var po = 0; po < 100; po++)
                for (var package = 0; package < 5; package++)
                    Assert.True(ids.Add(DeterministicId.From(type, "store-1", $"PO-{po}", package == 0 ? "" : $"1Z{package:D16}")));
        Assert.Equal(4 * 100 * 5, ids.Count);
    }
}
