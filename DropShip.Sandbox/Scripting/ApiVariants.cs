namespace DropShip.Sandbox.Scripting;

/// <summary>
/// Which documented form each distributor's answers take, where public sources show more than one, plus the listing
/// faults a Parts Unlimited scan must survive. The defaults are the forms the sources show (see the README, which cites
/// each); a test or a developer switches to another with <see cref="SandboxScripts.Variants"/> or PUT /_sandbox/variants.
/// </summary>
public sealed record ApiVariants
{
    /// <summary>
    /// WPS POST /orders: true (the default) wraps the answer in {"data":...}, as WPS's response types page says single
    /// entities are and as a public client reads it (data.order_number, data.status); false answers {"order_number",...}
    /// bare, as the WPS Orders page lists it and another public client reads it.
    /// </summary>
    public bool WpsSubmitInData { get; init; } = true;

    /// <summary>WPS GET /orders/{po}: true wraps the PO in {"data":...}, as WPS's response types page says single entities are; false answers it bare.</summary>
    public bool WpsLookupInData { get; init; } = true;

    /// <summary>
    /// Tucker ORD: true (the default) answers SUCCESSFUL with an orderoutput object, as the one public client that reads it
    /// returns it (its fields are unknown: the sandbox puts ordernumber and po in it); false answers SUCCESSFUL alone, as
    /// another public client reads it.
    /// </summary>
    public bool TuckerOrderOutput { get; init; } = true;

    /// <summary>Parts Unlimited GET orders/dropship: orders per page (PU's real page size is not published).</summary>
    public int PartsUnlimitedPageSize { get; init; } = 50;

    /// <summary>Parts Unlimited: false ignores purchase_order_number (no public client filters by PO); true honours it.</summary>
    public bool PartsUnlimitedFiltersByPo { get; init; }

    /// <summary>
    /// Parts Unlimited line_items[].shipped[]: false gives one entry per package with its one tracking number; true gives
    /// one entry per line with its total shipped quantity and every tracking number (tracking_numbers is a list).
    /// </summary>
    public bool PartsUnlimitedTrackingGrouped { get; init; }

    /// <summary>Parts Unlimited: this page number of the listing answers HTTP 500 (0 = none), a scan failing midway.</summary>
    public int PartsUnlimitedFailingPage { get; init; }

    /// <summary>Parts Unlimited: pages past this one repeat it (0 = off), as an API that ignores page_num would.</summary>
    public int PartsUnlimitedLastDistinctPage { get; init; }

    /// <summary>
    /// Distributors (by key) whose answers drift from every documented form, as a real API may after a change the adapter has
    /// not met: WPS gives the submit answer's order_number as a number and lookups' tracking_numbers as one string; Parts Unlimited lists orders under "data" instead of
    /// "orders"; Tucker SHP names the tracking number "tracking"; Automatic lookups carry a status nobody documented. The
    /// go-live probe and the answer problems must tell each apart from every documented form.
    /// </summary>
    public IReadOnlyList<string> Drifted { get; init; } = [];

    public bool IsDrifted(string distributor) => Drifted.Contains(distributor, StringComparer.OrdinalIgnoreCase);

    internal void Validate()
    {
        if (PartsUnlimitedPageSize < 1)
        {
            throw new ArgumentException("PartsUnlimitedPageSize must be at least 1.");
        }

        if (PartsUnlimitedFailingPage < 0 || PartsUnlimitedLastDistinctPage < 0)
        {
            throw new ArgumentException("Page numbers may not be negative.");
        }
    }
}
