using System.IO.Compression;
using System.Text;

namespace DropShip.Tests.Feeds;

/// <summary>Small, readable feed files in each distributor's layout.</summary>
public static class FeedSamples
{
    public const string WpsHeader = "sku,name,list_price,standard_dealer_price,mapp_price,status,ca_warehouse,ga_warehouse,id_warehouse,in_warehouse,pa_warehouse,pa2_warehouse,tx_warehouse,total";

    /// <summary>A WPS file of <paramref name="count"/> parts; <paramref name="dealerPrice"/> lets a test change some prices.</summary>
    public static string Wps(int count, Func<int, decimal>? dealerPrice = null, int first = 0)
    {
        var csv = new StringBuilder(WpsHeader).Append('\n');
        for (var i = first; i < first + count; i++)
        {
            var dealer = dealerPrice?.Invoke(i) ?? 10m + i;
            csv.Append($"{WpsSku(i)},\"Part {i}, black\",{dealer * 2:0.00},{dealer:0.00},,STK,{i % 30},3,0,0,0,0,0,{i % 30 + 3}\n");
        }
        return csv.ToString();
    }

    public static string WpsSku(int i) => $"{i / 1000 + 10}-{i % 1000:D4}";

    public static string PartsUnlimitedBasePriceFile(params string[] rows) =>
        "Part Number,Punctuated Part Number,Part Status,Part Description,Original Retail,Current Suggested Retail,Base Dealer Price,Ad Policy,Closeout Catalog Indicator,WI Availability,NY Availability,TX Availability,NV Availability,NC Availability,National Availability\n" +
        string.Join('\n', rows) + "\n";

    public static byte[] Zip(string entryName, string content)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(entryName).Open(), Encoding.UTF8);
            writer.Write(content);
        }
        return buffer.ToArray();
    }

    /// <summary>One Tucker item-master line: item [0,6), status [36], dealer cost [38,46), retail [56,64).</summary>
    public static string TuckerItem(string item, char status, string cost, string retail)
    {
        var line = new char[64];
        Array.Fill(line, ' ');
        item.CopyTo(0, line, 0, Math.Min(6, item.Length));
        "DESCRIPTION".CopyTo(0, line, 7, 11);
        line[36] = status;
        cost.PadLeft(8).CopyTo(0, line, 38, 8);
        retail.PadLeft(8).CopyTo(0, line, 56, 8);
        return new string(line);
    }
}
