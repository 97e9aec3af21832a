using DropShip.Core.Common;
using DropShip.Core.Distributors;
using DropShip.Core.Distributors.Answers;
using DropShip.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DropShip.Functions.Distributors;

/// <summary>
/// The operators' view of answer problems: the latest few answers of one distributor that an adapter could not fully read,
/// across stores, masked. Admin level (the host's master key): it is for the people who run the app, not for a store.
/// </summary>
public sealed class AnswerProblemsFunction(AnswerProblemLog problems, DistributorRegistry distributors)
{
    [Function(nameof(ListAnswerProblems))]
    public async Task<IActionResult> ListAnswerProblems(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "distributors/{distributor}/answer-problems")] HttpRequest request, string distributor)
    {
        var errors = new FieldErrors();
        if (distributors.Resolve("distributor", distributor, errors) is not { } adapter) return ApiResults.Invalid(errors.All);
        // The latest few are all kept: one page without a token.
        return ApiResults.Page(new Page<AnswerProblem>(await problems.LatestAsync(adapter.Profile.Key, request.HttpContext.RequestAborted), null));
    }
}
