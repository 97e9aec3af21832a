namespace DropShip.Core.Distributors.Budgets;

/// <summary>
/// Counts each order call against its credential's budget as it leaves, without waiting for the count to be stored: an
/// order is never refused or delayed by the budget, but the background checks that follow it leave room for it.
/// </summary>
public sealed class OrderCallCounter(CallBudget budget, string distributor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        budget.Count(distributor, DistributorResilience.PartitionOf(request));
        return base.SendAsync(request, cancellationToken);
    }
}
