using DropShip.Core.Tracking;
using DropShip.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DropShip.Tests.Tracking;

/// <summary>
/// The one fixture for tracking activities run for real against Azurite, the sandbox and the platform's webhook endpoint
/// over HTTP; only the customer email is recorded instead of sent (ACS has no local stand-in). A test class adds its
/// settings, its clock and the distributors it connects.
/// </summary>
public abstract class TrackingWithThePlatform : IAsyncLifetime
{
    protected const string WebhookSecret = "platform-secret-for-tests";
    protected readonly RecordingEmailSender email = new();
    protected WebhookReceiver receiver = null!;
    protected TestApp app = null!;

    /// <summary>One clock for the app and the sandbox; null: the system clock.</summary>
    protected virtual TimeProvider? Clock => null;

    protected virtual void Configure(Dictionary<string, string?> settings) { }

    protected abstract Task ConnectAsync();

    public async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        app = await TestApp.StartAsync(
            settings: s =>
            {
                s["Platform:WebhookUrl"] = receiver.Url.ToString();
                s["Platform:WebhookSecret"] = WebhookSecret;
                Configure(s);
            },
            services: s => s.AddSingleton<ICustomerEmailSender>(email),
            clock: Clock);
        await ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }
}
