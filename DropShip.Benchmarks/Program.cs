using DropShip.Benchmarks;

return args.FirstOrDefault() switch
{
    "feeds" => await FeedsBenchmark.RunAsync(args.Skip(1).ToArray()),
    "eligibility" => await EligibilityBenchmark.RunAsync(args.Skip(1).ToArray()),
    "submit" => await SubmitBenchmark.RunAsync(args.Skip(1).ToArray()),
    "sweep" => await SweepBenchmark.RunAsync(args.Skip(1).ToArray()),
    "cost" => await CostBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: dotnet run -c Release --project DropShip.Benchmarks -- <benchmark> [options]
          eligibility [--runs 5] [--requests 300] [--seconds 3] [--callers 50] [--cached-only]
          submit [--runs 5] [--requests 200]
          sweep [rows=100000] [--runs 3]
          cost [--idle-seconds 60] [--price-table 0.00036] [--price-queue 0.004] [--price-blob 0.0044]
          feeds [rows=300000] [--runs 3] [--quick | scenario...]
            scenarios: parse cold same-day next-day next-day-row-diff five-percent naive-cold naive-unchanged naive-five-percent
            --quick: all but naive-unchanged and naive-five-percent (each replaces every row: ~14 minutes a run on Azurite)
        """);
    return 2;
}
