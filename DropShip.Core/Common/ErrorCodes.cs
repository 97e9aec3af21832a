namespace DropShip.Core.Common;

/// <summary>
/// The API's machine codes: a problem's <c>code</c> and each field error's <c>code</c>, in the one casing of every code
/// the API publishes (upper snake case, like the eligibility rule codes in ReasonCodes). Programs act on these; the
/// messages beside them are for people and may change.
/// </summary>
public static class ErrorCodes
{
    // Problems (the response's "code").
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string MalformedJson = "MALFORMED_JSON";
    public const string BodyTooLarge = "BODY_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string NotFound = "NOT_FOUND";
    public const string NotEligible = "NOT_ELIGIBLE";
    public const string ItemHasPo = "ITEM_HAS_PO";
    public const string PoNumberTaken = "PO_NUMBER_TAKEN";
    public const string NotTracked = "NOT_TRACKED";
    public const string OutOfStock = "OUT_OF_STOCK";
    /// <summary>A whole-order submit ordered nothing: every group was refused or rejected (the groups say why).</summary>
    public const string OrderNotPlaced = "ORDER_NOT_PLACED";
    public const string ConcurrentUpdate = "CONCURRENT_UPDATE";

    // A distributor's rejection of an order (the response's "code" of a 502).
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string InvalidPart = "INVALID_PART";
    public const string PaymentProblem = "PAYMENT_PROBLEM";
    public const string DuplicatePoNumber = "DUPLICATE_PO_NUMBER";
    public const string DistributorUnavailable = "DISTRIBUTOR_UNAVAILABLE";
    public const string RejectedOther = "REJECTED_OTHER";

    // Field errors (each "errors[].code").
    public const string Required = "REQUIRED";
    public const string TooLong = "TOO_LONG";
    public const string IllegalCharacters = "ILLEGAL_CHARACTERS";
    public const string InvalidValue = "INVALID_VALUE";
    public const string OutOfRange = "OUT_OF_RANGE";
    public const string TooMany = "TOO_MANY";
    public const string Duplicate = "DUPLICATE";
    public const string UnknownDistributor = "UNKNOWN_DISTRIBUTOR";
    public const string UnknownField = "UNKNOWN_FIELD";
    public const string NoTestMode = "NO_TEST_MODE";
    public const string NotSupported = "NOT_SUPPORTED";
    public const string EmptyUpdate = "EMPTY_UPDATE";
    public const string ConfirmationRequired = "CONFIRMATION_REQUIRED";
    public const string NotAnOption = "NOT_AN_OPTION";
}
