using System.Globalization;
using System.Text;
using DropShip.Core.Distributors.Wps;

namespace DropShip.Benchmarks;

/// <summary>
/// A realistic WPS daily file: named header, SKUs like "87-9902", quoted names with commas, prices, status codes,
/// seven warehouses capped at 25. Deterministic, so two generations with the same inputs are byte-identical.
/// </summary>
public static class WpsFeedGenerator
{
    private static readonly string[] Statuses = ["STK", "STK", "STK", "STK", "STK", "STK", "NEW", "CLO", "DIR", "NLA"];

    /// <param name="changed">Rows whose dealer price differs from the base file (a "5% changed" day).</param>
    public static void Write(string path, int rows, Func<int, bool>? changed = null)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("sku,name,brand,list_price,standard_dealer_price,mapp_price,status,upc,weight,ca_warehouse,ga_warehouse,id_warehouse,in_warehouse,pa_warehouse,pa2_warehouse,tx_warehouse,total\n");
        var line = new StringBuilder(256);
        for (var i = 0; i < rows; i++)
        {
            var random = new Random(i); // per row, so a row is the same whatever else changes
            var dealer = Math.Round((decimal)(random.NextDouble() * 400 + 1), 2);
            if (changed?.Invoke(i) == true) dealer += 0.37m;
            var list = Math.Round(dealer * 1.6m, 2);
            var map = random.Next(3) == 0 ? list - 1 : (decimal?)null;
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"{i / 10000 + 10}-{i % 10000:D4},");
            line.Append(random.Next(5) == 0 ? $"\"Brake pad, sintered {i}\"," : $"Part {i} black,");
            line.Append(CultureInfo.InvariantCulture, $"Brand{random.Next(400)},{list:0.00},{dealer:0.00},{map:0.00},{Statuses[random.Next(Statuses.Length)]},");
            line.Append(CultureInfo.InvariantCulture, $"{random.NextInt64(100000000000, 999999999999)},{random.NextDouble() * 20:0.00}");
            var total = 0;
            for (var w = 0; w < 7; w++)
            {
                var q = random.Next(4) == 0 ? 0 : Math.Min(WpsFeed.WarehouseCap, random.Next(40));
                total += q;
                line.Append(',').Append(q);
            }
            line.Append(',').Append(total).Append('\n');
            writer.Write(line);
        }
    }
}
