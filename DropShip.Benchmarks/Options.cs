namespace DropShip.Benchmarks;

/// <summary>The benchmarks' command-line options: "--name value" pairs and bare flags.</summary>
public static class Options
{
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }

    public static bool Flag(string[] args, string name) => args.Contains(name);
}
