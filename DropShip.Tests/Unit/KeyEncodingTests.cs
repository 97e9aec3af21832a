using System.Text;
using DropShip.Core.Storage;

namespace DropShip.Tests.Unit;

public sealed class KeyEncodingTests
{
    /// <summary>Characters a table RowKey must not contain, plus our own key-part separator.</summary>
    private static bool IsForbidden(char c) => c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c);

    public static TheoryData<string> Values()
    {
        var data = new TheoryData<string>
        {
            "", "PO-1001", "po.1001_a~b-c", "a/b", @"a\b", "#1001", "what?", "x|y", "||", "100%", "%41", "%2F", "%", "%%zz",
            "a b", "+plus", "tab\there", "line\r\nbreak", "nul\0char", "\u007f", "\u0085", "\u009f",
            "café", "Ångström", "日本語", "emoji 😀", "mixed /\\#?|% é 😀 \u0001",
            new string('/', 300),
        };
        // Every control character on its own.
        for (var c = 0; c < 0x20; c++) data.Add(((char)c).ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Decode_reverses_Encode(string value)
    {
        Assert.Equal(value, KeyEncoding.Decode(KeyEncoding.Encode(value)));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Encoded_values_contain_no_forbidden_character(string value)
    {
        var encoded = KeyEncoding.Encode(value);

        Assert.DoesNotContain(encoded, IsForbidden);
        Assert.All(encoded, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '~' or '-' or '%', $"'{c}' in {encoded}"));
    }

    [Theory]
    [InlineData("PO-1001", "PO-1001")]
    [InlineData("po.1001_a~b-c", "po.1001_a~b-c")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData(@"a\b", "a%5Cb")]
    [InlineData("#?|", "%23%3F%7C")]
    [InlineData("100%", "100%25")]
    [InlineData("a b", "a%20b")]
    [InlineData("\n", "%0A")]
    [InlineData("é", "%C3%A9")]
    [InlineData("😀", "%F0%9F%98%80")]
    public void Encode_keeps_ordinary_ids_readable_and_percent_encodes_utf8_bytes(string value, string expected)
    {
        Assert.Equal(expected, KeyEncoding.Encode(value));
    }

    [Fact]
    public void Encoding_is_injective_over_tricky_neighbours()
    {
        string[] values = ["a/b", "a%2Fb", "a%252Fb", "a|b", "a%7Cb", "a b", "a+b", "a%20b", "A/B", "a\\b", "a//b"];

        var encoded = values.Select(KeyEncoding.Encode).ToList();

        Assert.Equal(values.Length, encoded.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_bmp_character_round_trips()
    {
        var failures = new List<int>();
        var builder = new StringBuilder();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (char.IsSurrogate((char)c)) continue; // lone surrogates are not valid text
            var value = ((char)c).ToString();
            var encoded = KeyEncoding.Encode(value);
            if (KeyEncoding.Decode(encoded) != value || encoded.Any(IsForbidden)) failures.Add(c);
        }
        Assert.Empty(failures);
    }

    public static TheoryData<DateTimeOffset, DateTimeOffset> Instants => new()
    {
        { new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero).AddTicks(1) },
        { new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 4, 9, 0, 0, TimeSpan.Zero) },
        { new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero), new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        { DateTimeOffset.MinValue, DateTimeOffset.MaxValue },
        // Offsets: 10:00+02:00 is 08:00 UTC, earlier than 09:00Z.
        { new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.FromHours(2)), new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void InvertedTicks_sort_newest_first_and_Ticks_oldest_first(DateTimeOffset older, DateTimeOffset newer)
    {
        Assert.True(string.CompareOrdinal(KeyEncoding.InvertedTicks(newer), KeyEncoding.InvertedTicks(older)) < 0);
        Assert.True(string.CompareOrdinal(KeyEncoding.Ticks(older), KeyEncoding.Ticks(newer)) < 0);
        Assert.All(new[] { KeyEncoding.InvertedTicks(older), KeyEncoding.InvertedTicks(newer), KeyEncoding.Ticks(older), KeyEncoding.Ticks(newer) }, s =>
        {
            Assert.Equal(19, s.Length);
            Assert.All(s, c => Assert.True(char.IsAsciiDigit(c)));
        });
    }

    [Fact]
    public void InvertedTicks_sorts_a_shuffled_timeline_newest_first()
    {
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var times = Enumerable.Range(0, 50).Select(i => start.AddMinutes(i * 37 % 50 * 13).AddTicks(i)).ToList();

        var byKey = times.OrderBy(KeyEncoding.InvertedTicks, StringComparer.Ordinal).ToList();

        Assert.Equal(times.OrderByDescending(t => t), byKey);
    }

    [Fact]
    public void The_same_instant_in_different_offsets_gives_the_same_key()
    {
        var utc = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
        var local = utc.ToOffset(TimeSpan.FromHours(-7));

        Assert.Equal(KeyEncoding.InvertedTicks(utc), KeyEncoding.InvertedTicks(local));
        Assert.Equal(KeyEncoding.Ticks(utc), KeyEncoding.Ticks(local));
    }
}
