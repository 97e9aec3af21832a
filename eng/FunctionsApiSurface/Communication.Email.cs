// Mirrors Azure.Communication.Email 1.1.0. Checked against Azure/azure-sdk-for-net:
//   sdk/communication/Azure.Communication.Email/api/Azure.Communication.Email.net10.0.cs (public API listing),
//   src/EmailClient.cs, src/EmailClientOptions.cs, src/EmailSendOperation.cs, src/Models/*.cs, src/Generated/Models/*.cs.
// EmailClientOptions default ServiceVersion: V2025_09_01 (what 1.1.0 GA ships; the learn.microsoft.com GA reference shows it,
// and 1.1.0-beta.x defaulted to V2024_07_01_Preview).
// The real Azure SDK is not nullable-annotated, hence #nullable disable. Anything that needs the service (sending, polling)
// throws NotSupportedException offline. Offline API surface: declares only what DropShip.Functions uses. See README.md beside this file.

#nullable disable

using System.ComponentModel;
using Azure.Core;

namespace Azure.Communication.Email
{
    /// <summary>The Email service client. All members the app uses are virtual, as in the real client (mockable).</summary>
    public partial class EmailClient
    {
        internal const string OfflineMessage = "Offline API surface: build with -p:FunctionsApi=Real to run the Functions host.";

        /// <summary>Initializes a new instance of EmailClient for mocking.</summary>
        protected EmailClient()
        {
        }

        /// <summary>Real: parses "endpoint=...;accesskey=..." and builds the HTTP pipeline. Offline: validates the argument only.</summary>
        public EmailClient(string connectionString)
        {
            ArgumentException.ThrowIfNullOrEmpty(connectionString);
        }

        public EmailClient(Uri endpoint, TokenCredential credential, EmailClientOptions options = null)
        {
            ArgumentNullException.ThrowIfNull(endpoint);
            ArgumentNullException.ThrowIfNull(credential);
        }

        /// <summary>Real: generates a new operation ID and forwards to the operationId overload, as here.</summary>
        public virtual async Task<EmailSendOperation> SendAsync(
            WaitUntil wait,
            EmailMessage message,
            CancellationToken cancellationToken = default)
        {
            var operationId = Guid.NewGuid();
            return await SendAsync(wait, message, operationId, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Real: sends through the service. Offline: a faulted task (NotSupportedException).</summary>
        public virtual Task<EmailSendOperation> SendAsync(
            WaitUntil wait,
            EmailMessage message,
            Guid operationId,
            CancellationToken cancellationToken = default)
            => Task.FromException<EmailSendOperation>(new NotSupportedException(OfflineMessage));
    }

    public class EmailClientOptions : ClientOptions
    {
        private const ServiceVersion LatestVersion = ServiceVersion.V2025_09_01;

        public EmailClientOptions(ServiceVersion version = LatestVersion)
        {
            ApiVersion = version switch
            {
                ServiceVersion.V2023_03_31 => "2023-03-31",
                ServiceVersion.V2024_07_01_Preview => "2024-07-01-preview",
                ServiceVersion.V2025_09_01 => "2025-09-01",
                _ => throw new ArgumentOutOfRangeException(nameof(version)),
            };
        }

        internal string ApiVersion { get; }

        public enum ServiceVersion
        {
#pragma warning disable CA1707 // Identifiers should not contain underscores: the real names.
            V2021_10_01_Preview = 1,
            V2023_01_15_Preview = 2,
            V2023_03_31 = 3,
            V2024_07_01_Preview = 4,
            V2025_09_01 = 5,
#pragma warning restore CA1707
        }
    }

    /// <summary>Message payload for sending an email (Attachments and UserEngagementTrackingDisabled not declared).</summary>
    public partial class EmailMessage
    {
        public EmailMessage(string senderAddress, EmailRecipients recipients, EmailContent content)
        {
            ArgumentNullException.ThrowIfNull(senderAddress);
            ArgumentNullException.ThrowIfNull(recipients);
            ArgumentNullException.ThrowIfNull(content);

            SenderAddress = senderAddress;
            Recipients = recipients;
            Content = content;
            Headers = new Dictionary<string, string>();
            ReplyTo = new List<EmailAddress>();
        }

        public EmailMessage(string senderAddress, string recipientAddress, EmailContent content)
        {
            ArgumentNullException.ThrowIfNull(senderAddress);
            ArgumentNullException.ThrowIfNull(content);
            ArgumentNullException.ThrowIfNull(recipientAddress);

            Headers = new Dictionary<string, string>();
            SenderAddress = senderAddress;
            Content = content;
            Recipients = new EmailRecipients(new List<EmailAddress> { new EmailAddress(recipientAddress) });
            ReplyTo = new List<EmailAddress>();
        }

        public IDictionary<string, string> Headers { get; }

        public string SenderAddress { get; }

        public EmailContent Content { get; }

        public EmailRecipients Recipients { get; }

        public IList<EmailAddress> ReplyTo { get; }
    }

    public partial class EmailContent
    {
        public EmailContent(string subject)
        {
            ArgumentNullException.ThrowIfNull(subject);
            Subject = subject;
        }

        public string Subject { get; }

        public string PlainText { get; set; }

        public string Html { get; set; }
    }

    public partial class EmailRecipients
    {
        public EmailRecipients(IEnumerable<EmailAddress> to)
        {
            ArgumentNullException.ThrowIfNull(to);

            To = to.ToList();
            CC = new List<EmailAddress>();
            BCC = new List<EmailAddress>();
        }

        public EmailRecipients(
            IEnumerable<EmailAddress> to = null,
            IEnumerable<EmailAddress> cc = null,
            IEnumerable<EmailAddress> bcc = null)
            : this(to ?? Enumerable.Empty<EmailAddress>())
        {
            if (cc != null)
            {
                CC = cc.ToList();
            }

            if (bcc != null)
            {
                BCC = bcc.ToList();
            }
        }

        public IList<EmailAddress> To { get; }

        public IList<EmailAddress> CC { get; }

        public IList<EmailAddress> BCC { get; }
    }

    public readonly partial struct EmailAddress
    {
        public EmailAddress(string address)
        {
            ArgumentNullException.ThrowIfNull(address);
            Address = address;
            DisplayName = null;
        }

        public EmailAddress(string address, string displayName)
            : this(address)
        {
            DisplayName = displayName;
        }

        public string Address { get; }

        public string DisplayName { get; }
    }

    /// <summary>
    /// The long-running send operation. Same overrides as the real type. A freshly constructed operation has not completed;
    /// polling needs the service and throws NotSupportedException offline. Mock it (protected constructor) to simulate results.
    /// </summary>
    public class EmailSendOperation : Operation<EmailSendResult>
    {
        private readonly EmailClient _client;

        /// <summary>Initializes a new instance for mocking.</summary>
        protected EmailSendOperation()
        {
        }

        public EmailSendOperation(string id, EmailClient client)
        {
            Id = id;
            _client = client;
        }

        public override string Id { get; }

        public override bool HasCompleted => false;

        public override bool HasValue => false;

        public override EmailSendResult Value => throw new InvalidOperationException("The operation has not completed yet.");

        public override Response GetRawResponse() => null;

        public override Response UpdateStatus(CancellationToken cancellationToken = default)
            => throw new NotSupportedException(EmailClient.OfflineMessage);

        public override ValueTask<Response> UpdateStatusAsync(CancellationToken cancellationToken = default)
            => ValueTask.FromException<Response>(new NotSupportedException(EmailClient.OfflineMessage));

        public override Response<EmailSendResult> WaitForCompletion(CancellationToken cancellationToken = default)
            => throw new NotSupportedException(EmailClient.OfflineMessage);

        public override Response<EmailSendResult> WaitForCompletion(TimeSpan suggestedPollingInterval, CancellationToken cancellationToken)
            => throw new NotSupportedException(EmailClient.OfflineMessage);

        public override ValueTask<Response<EmailSendResult>> WaitForCompletionAsync(CancellationToken cancellationToken = default)
            => ValueTask.FromException<Response<EmailSendResult>>(new NotSupportedException(EmailClient.OfflineMessage));

        public override ValueTask<Response<EmailSendResult>> WaitForCompletionAsync(TimeSpan suggestedPollingInterval, CancellationToken cancellationToken)
            => ValueTask.FromException<Response<EmailSendResult>>(new NotSupportedException(EmailClient.OfflineMessage));

        internal EmailClient Client => _client;
    }

    /// <summary>Status of the long running operation. Real: Id is internal (read it through the operation's Id); only Status is public.</summary>
    public partial class EmailSendResult
    {
        internal EmailSendResult(string id, EmailSendStatus status)
        {
            Id = id;
            Status = status;
        }

        internal string Id { get; }

        public EmailSendStatus Status { get; }
    }

    /// <summary>Extensible string enum, compared case-insensitively (InvariantCultureIgnoreCase), as the generated real one.</summary>
    public readonly partial struct EmailSendStatus : IEquatable<EmailSendStatus>
    {
        private readonly string _value;

        public EmailSendStatus(string value)
        {
            _value = value ?? throw new ArgumentNullException(nameof(value));
        }

        private const string NotStartedValue = "NotStarted";
        private const string RunningValue = "Running";
        private const string SucceededValue = "Succeeded";
        private const string FailedValue = "Failed";
        private const string CanceledValue = "Canceled";

        public static EmailSendStatus NotStarted { get; } = new EmailSendStatus(NotStartedValue);

        public static EmailSendStatus Running { get; } = new EmailSendStatus(RunningValue);

        public static EmailSendStatus Succeeded { get; } = new EmailSendStatus(SucceededValue);

        public static EmailSendStatus Failed { get; } = new EmailSendStatus(FailedValue);

        public static EmailSendStatus Canceled { get; } = new EmailSendStatus(CanceledValue);

        public static bool operator ==(EmailSendStatus left, EmailSendStatus right) => left.Equals(right);

        public static bool operator !=(EmailSendStatus left, EmailSendStatus right) => !left.Equals(right);

        public static implicit operator EmailSendStatus(string value) => new EmailSendStatus(value);

        [EditorBrowsable(EditorBrowsableState.Never)]
        public override bool Equals(object obj) => obj is EmailSendStatus other && Equals(other);

        public bool Equals(EmailSendStatus other) => string.Equals(_value, other._value, StringComparison.InvariantCultureIgnoreCase);

        [EditorBrowsable(EditorBrowsableState.Never)]
        public override int GetHashCode() => _value != null ? StringComparer.InvariantCultureIgnoreCase.GetHashCode(_value) : 0;

        public override string ToString() => _value;
    }
}
