namespace DropShip.Core.Feeds.Parsing;

/// <summary>
/// Streams a delimited file one record at a time (RFC 4180 quoting, doubled quotes, quoted line breaks), never the
/// whole file. Written here rather than taken from CsvHelper because the feeds need what CsvHelper does not give
/// cheaply: allocation-free field spans for the hot path (500k rows/s), the starting line number of every record, and
/// recovery from an unbalanced quote that costs one line instead of the rest of the file.
/// </summary>
public sealed class CsvFeedReader(TextReader reader, char delimiter = ',') : IDisposable
{
    /// <summary>A quoted field may span this many physical lines; past that the quote is taken as a mistake.</summary>
    private const int MaxLinesPerRecord = 5;

    private readonly Queue<string> pushedBack = new();
    private readonly System.Text.StringBuilder unescaped = new();
    private (int Start, int Length)[] fields = new (int, int)[32];
    private string text = "";
    private long nextLine = 1;

    public int FieldCount { get; private set; }

    /// <summary>1-based line in the file where the current record starts.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current record's fields could not be read (an unbalanced or misplaced quote).</summary>
    public bool IsBadData { get; private set; }

    /// <summary>The current record as it appeared in the file.</summary>
    public string RawRecord { get; private set; } = "";

    public ReadOnlySpan<char> Span(int index) => text.AsSpan(fields[index].Start, fields[index].Length);

    public string this[int index] => Span(index).ToString();

    public string[] Fields()
    {
        var result = new string[FieldCount];
        for (var i = 0; i < FieldCount; i++) result[i] = this[i];
        return result;
    }

    /// <summary>Moves to the next non-blank record. False at the end of the file.</summary>
    public bool Read()
    {
        string? line;
        do
        {
            line = NextPhysicalLine();
            if (line is null) return false;
            LineNumber = nextLine - 1;
        } while (line.Length == 0);

        IsBadData = false;
        RawRecord = line;
        if (!line.Contains('"'))
        {
            text = line;
            SplitUnquoted(line);
            return true;
        }

        // Quoted: join physical lines while a quote is open, up to the limit.
        var consumed = new List<string>(1) { line };
        var record = line;
        while (true)
        {
            var state = ParseQuoted(record);
            if (state != QuoteState.OpenAtEnd) { IsBadData = state == QuoteState.Malformed; break; }
            if (consumed.Count >= MaxLinesPerRecord || NextPhysicalLine() is not { } more)
            {
                // Give back the lines after the first: only the line with the stray quote is lost.
                for (var i = consumed.Count - 1; i >= 1; i--) PushBack(consumed[i]);
                record = line;
                IsBadData = true;
                break;
            }
            consumed.Add(more);
            record = record + "\n" + more;
        }
        RawRecord = record;
        if (IsBadData) { FieldCount = 0; text = ""; }
        return true;
    }

    private string? NextPhysicalLine()
    {
        var line = pushedBack.Count > 0 ? pushedBack.Dequeue() : reader.ReadLine();
        if (line is not null) nextLine++;
        return line;
    }

    private void PushBack(string line)
    {
        // Lines come back in order because the consumed list is walked backwards into a fresh queue.
        var rest = pushedBack.ToArray();
        pushedBack.Clear();
        pushedBack.Enqueue(line);
        foreach (var r in rest) pushedBack.Enqueue(r);
        nextLine--;
    }

    private void SplitUnquoted(string line)
    {
        var count = 0;
        var start = 0;
        var span = line.AsSpan();
        while (true)
        {
            var at = span[start..].IndexOf(delimiter);
            if (count == fields.Length) Array.Resize(ref fields, fields.Length * 2);
            if (at < 0) { fields[count++] = (start, line.Length - start); break; }
            fields[count++] = (start, at);
            start += at + 1;
        }
        FieldCount = count;
    }

    private enum QuoteState { Complete, OpenAtEnd, Malformed }

    private QuoteState ParseQuoted(string record)
    {
        unescaped.Clear();
        var count = 0;
        var i = 0;
        while (true)
        {
            if (count == fields.Length) Array.Resize(ref fields, fields.Length * 2);
            var start = unescaped.Length;
            if (i < record.Length && record[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= record.Length) return QuoteState.OpenAtEnd;
                    var c = record[i++];
                    if (c != '"') { unescaped.Append(c); continue; }
                    if (i < record.Length && record[i] == '"') { unescaped.Append('"'); i++; continue; }
                    break;
                }
                if (i < record.Length && record[i] != delimiter) return QuoteState.Malformed;
            }
            else
            {
                while (i < record.Length && record[i] != delimiter)
                {
                    if (record[i] == '"') return QuoteState.Malformed;
                    unescaped.Append(record[i++]);
                }
            }
            fields[count++] = (start, unescaped.Length - start);
            if (i >= record.Length) break;
            i++; // the delimiter
        }
        FieldCount = count;
        text = unescaped.ToString();
        return QuoteState.Complete;
    }

    public void Dispose() => reader.Dispose();
}

/// <summary>
/// Finds columns by header name, forgiving case, spaces and underscores ("Part Number" = "part_number" = "PARTNUMBER").
/// </summary>
public sealed class CsvHeader
{
    private readonly Dictionary<string, int> positions = new(StringComparer.Ordinal);

    public CsvHeader(IReadOnlyList<string> names)
    {
        for (var i = 0; i < names.Count; i++) positions.TryAdd(Key(names[i]), i);
    }

    public bool Has(params ReadOnlySpan<string> candidates) => IndexOf(candidates) >= 0;

    /// <returns>The first candidate's position, or -1 when the header has none of them.</returns>
    public int IndexOf(params ReadOnlySpan<string> candidates)
    {
        foreach (var name in candidates)
            if (positions.TryGetValue(Key(name), out var index)) return index;
        return -1;
    }

    private static string Key(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
