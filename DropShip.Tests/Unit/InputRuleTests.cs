using DropShip.Core.Common;
using DropShip.Core.PurchaseOrders;

namespace DropShip.Tests.Unit;

/// <summary>The character rules, the one-name and whole-number parses, and the page token, as pure functions.</summary>
public class InputRuleTests
{
    [Theory]
    [InlineData("Zoë O'Brien-Smith", true)]
    [InlineData("Ride on 🏍", true)] // a well-formed surrogate pair
    [InlineData("a\u0000b", false)]
    [InlineData("a\tb", false)]
    [InlineData("a\u2028b", false)]
    [InlineData("a\u2029b", false)]
    [InlineData("a\u0085b", false)] // next line (C1 control)
    public void Plain_text_refuses_control_characters_and_line_breaks(string value, bool accepted) =>
        Assert.Equal(accepted, TextRule.Plain.Accepts(value));

    [Fact]
    public void Plain_text_refuses_broken_utf16()
    {
        // Built here: a test runner may repair lone surrogates in theory data.
        foreach (var lone in new[] { '\uD800', '\uDC00', '\uDBFF' })
        {
            Assert.False(TextRule.Plain.Accepts("a" + lone + "b"));
            Assert.False(TextRule.Plain.Accepts("ab" + lone));
        }
        Assert.False(TextRule.Plain.Accepts("\uDC00\uD800")); // a pair in the wrong order
    }

    [Fact]
    public void Ascii_header_and_reserved_rules_refuse_what_their_destination_cannot_carry()
    {
        Assert.True(TextRule.PrintableAscii.Accepts("12 Throttle Way #4"));
        Assert.False(TextRule.PrintableAscii.Accepts("Émile"));
        Assert.False(TextRule.PrintableAscii.Accepts("🏍"));
        Assert.True(TextRule.HeaderToken.Accepts("tuckerKey+Secret/3="));
        Assert.False(TextRule.HeaderToken.Accepts("two words"));
        Assert.False(TextRule.HeaderToken.Accepts("tök"));
        var tucker = TextRule.PrintableAscii.Without(",&");
        Assert.True(tucker.Accepts("12-3456"));
        Assert.False(tucker.Accepts("12,3456"));
        Assert.False(tucker.Accepts("Smith & Sons"));
        Assert.Contains("','", tucker.Description);
    }

    [Theory]
    [InlineData("Open", PurchaseOrderStatus.Open)]
    [InlineData("partiallyshipped", PurchaseOrderStatus.PartiallyShipped)]
    [InlineData("Open,Shipped", null)]
    [InlineData("2", null)]
    [InlineData("-1", null)]
    [InlineData("Op en", null)]
    [InlineData("Opened", null)]
    public void One_of_takes_exactly_one_documented_name(string value, PurchaseOrderStatus? expected)
    {
        var errors = new FieldErrors();
        Assert.Equal(expected, errors.OneOf<PurchaseOrderStatus>("status", value));
        Assert.Equal(expected is null, errors.Any);
        if (errors.Any) Assert.Equal(("status", ErrorCodes.InvalidValue), (errors.All[0].Field, errors.All[0].Code));
    }

    [Theory]
    [InlineData("25", 25)]
    [InlineData("1", 1)]
    [InlineData("100", 100)]
    [InlineData("0", null)]
    [InlineData("101", null)]
    [InlineData("+5", null)]
    [InlineData(" 5", null)]
    [InlineData("5.0", null)]
    [InlineData("١٢", null)] // Arabic-Indic digits: a number to a culture-aware parse
    [InlineData("99999999999999999999", null)]
    public void Page_sizes_are_plain_digits_in_range(string value, int? expected)
    {
        var errors = new FieldErrors();
        var size = errors.WholeNumber("pageSize", value, 1, 100, 25);
        Assert.Equal(expected is null, errors.Any);
        if (expected is not null) Assert.Equal(expected, size);
    }

    [Fact]
    public void A_page_token_is_valid_only_for_the_scope_it_was_issued_for()
    {
        static PageScope Scope(string list, string owner) => new(list, owner, position => position == "position 1");
        var storeA = Scope("purchase-orders", "store-a");
        var token = Paging.Wrap(storeA, "position 1")!;
        var errors = new FieldErrors();
        Assert.Equal("position 1", Paging.Read(null, token, storeA, errors).Position);
        Assert.False(errors.Any);
        Assert.Equal(token, Paging.Of(storeA, new[] { 1 }, "position 1").ContinuationToken);

        var refusals = new List<(PageScope, string)>
        {
            (Scope("purchase-orders", "store-b"), token), (Scope("feed-runs", "store-a"), token), (storeA, token[..^2]), (storeA, "not a token!"),
            (storeA, new string('A', 3000)), (storeA, Paging.Wrap(storeA, "elsewhere")!),
        };
        // Anything around or inside a valid token (which a base64 decoder would skip) is refused, never read as the token.
        foreach (var invisible in new[] { "\n", "\r\n", "\t", " ", "\u00A0", "\u2028", "\u2029", "\u200B", "\uFEFF", "\0", "=" })
            refusals.AddRange([(storeA, invisible + token), (storeA, token + invisible), (storeA, token[..4] + invisible + token[4..])]);
        foreach (var (scope, candidate) in refusals)
        {
            var refused = new FieldErrors();
            Assert.Null(Paging.Read(null, candidate, scope, refused).Position);
            Assert.Equal("continuationToken", Assert.Single(refused.All).Field);
        }
        Assert.Null(Paging.Wrap(storeA, null));
        Assert.Equal(Paging.DefaultPageSize, Paging.Read(null, null, storeA, new FieldErrors()).PageSize);
    }

    [Fact]
    public void Text_from_a_distributor_is_clipped_and_cleaned_before_it_is_stored()
    {
        var huge = StoredText.Clip(new string('e', 100_000));
        Assert.Equal(StoredText.MessageMaxLength, huge.Length);
        Assert.EndsWith("…", huge);
        Assert.Equal("Invalid item  12345: not found", StoredText.Clip("Invalid item\r\n12345:\u0000not found"));
        Assert.Equal("", StoredText.Clip(null));
        var ids = StoredText.Ids([.. Enumerable.Range(0, 50).Select(i => $"W{i}"), "", new string('9', 500)]);
        Assert.Equal(StoredText.MaxIds, ids.Count);
        Assert.All(ids, id => Assert.InRange(id.Length, 1, StoredText.IdMaxLength));
    }
}
