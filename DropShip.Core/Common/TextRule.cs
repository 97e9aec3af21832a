using System.Globalization;

namespace DropShip.Core.Common;

/// <summary>
/// Which characters a text field may hold, suited to where the text goes: our own storage and emails, a distributor's JSON
/// body, a header, or a query string some distributor parses with its own separators. Checked with the length before
/// anything is written or sent (<see cref="FieldErrors.Text"/>).
/// </summary>
public sealed class TextRule
{
    private readonly Func<char, bool> allowed;
    private readonly bool beyondAscii;
    private readonly string reserved;

    private TextRule(string description, Func<char, bool> allowed, bool beyondAscii, string reserved = "")
    {
        Description = description;
        this.allowed = allowed;
        this.beyondAscii = beyondAscii;
        this.reserved = reserved;
    }

    /// <summary>What the rule allows, for the message of a 400.</summary>
    public string Description { get; }

    /// <summary>
    /// Any text without control characters, line or paragraph separators or broken UTF-16: what we store, show and email.
    /// </summary>
    public static TextRule Plain { get; } = new("must not contain control characters or line breaks", c =>
        !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator), beyondAscii: true);

    /// <summary>Printable ASCII (space to '~'): for a distributor whose protocol or files are not known to be UTF-8 safe.</summary>
    public static TextRule PrintableAscii { get; } = new("may contain only printable ASCII characters", c => c is >= ' ' and <= '~', beyondAscii: false);

    /// <summary>Visible ASCII without spaces ('!' to '~'): what an HTTP header value such as a bearer token or API key can carry.</summary>
    public static TextRule HeaderToken { get; } = new("may contain only visible ASCII characters and no spaces", c => c is > ' ' and <= '~', beyondAscii: false);

    /// <summary>Letters, digits and <c>-._~</c>: a value that travels in a query string and means the same however the other side decodes it.</summary>
    public static TextRule QueryValue { get; } = new("may contain only letters, digits, '-', '.', '_' and '~'",
        c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~', beyondAscii: false);

    /// <summary>Letters, digits and '-': an item number that travels inside a distributor's own separators.</summary>
    public static TextRule LettersDigitsAndDash { get; } = new("may contain only letters, digits and '-'",
        c => char.IsAsciiLetterOrDigit(c) || c == '-', beyondAscii: false);

    /// <summary>This rule, also refusing <paramref name="characters"/> (separators a distributor's protocol gives meaning to).</summary>
    public TextRule Without(string characters) => characters.Length == 0 ? this
        : new TextRule($"{Description}, and none of {string.Join(' ', characters.Select(c => $"'{c}'"))}", allowed, beyondAscii, reserved + characters);

    /// <summary>
    /// The value starts or ends with white space (a space, TAB, line break, no-break space, U+2028/U+2029), a control
    /// character or an invisible format character (zero-width space, BOM): something a person cannot see, which a trim
    /// would silently remove and which must not make one value read as another.
    /// </summary>
    public static bool HasInvisibleEdge(string value) => value.Length > 0 && (IsInvisible(value[0]) || IsInvisible(value[^1]));

    private static bool IsInvisible(char c) => char.IsWhiteSpace(c) || char.IsControl(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    public bool Accepts(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                // A well-formed pair is one character outside the BMP (an emoji, a rare CJK name): allowed wherever non-ASCII is.
                if (!beyondAscii) return false;
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || !allowed(c) || reserved.Contains(c, StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
