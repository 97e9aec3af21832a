using DropShip.Benchmarks;

return args.FirstOrDefault() switch
{
    "feeds" => await FeedsBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project DropShip.Benchmarks -- feeds [rows=300000]");
    return 2;
}
