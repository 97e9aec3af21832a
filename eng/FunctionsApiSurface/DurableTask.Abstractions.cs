// Mirrors Microsoft.DurableTask.Abstractions 1.x as pulled in by Microsoft.Azure.Functions.Worker.Extensions.DurableTask 1.16.4
// (the exact 1.x pin could not be read; members newer than ~1.22 are left out). Checked against microsoft/durabletask-dotnet:
//   src/Abstractions/TaskName.cs, TaskOrchestrationContext.cs, TaskOptions.cs (TaskOptions, StartOrchestrationOptions),
//   TaskRetryOptions.cs, RetryPolicy.cs, TaskFailedException.cs, TaskFailureDetails.cs, AsyncPageable.cs, Page.cs;
//   CreateReplaySafeLogger(string) virtual since PR #312, RetryPolicy.HandleFailure since v1.3.0 (PR #314),
//   TaskOrchestrationContext.Version since v1.9.1 (PR #408), TaskFailureDetails.Properties since PR #474 (v1.16).
// Offline API surface: declares only what DropShip.Functions uses. See README.md beside this file.

using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Microsoft.DurableTask;

/// <summary>The name of a durable task. Equality is case-insensitive, as in the real type.</summary>
public readonly struct TaskName : IEquatable<TaskName>
{
    public TaskName(string name)
    {
        // Real: null yields the default struct.
        this.Name = name;
    }

    public string Name { get; }

    public static implicit operator string(TaskName value) => value.Name;

    public static implicit operator TaskName(string value) => string.IsNullOrEmpty(value) ? default : new(value);

    public static bool operator ==(TaskName a, TaskName b) => a.Equals(b);

    public static bool operator !=(TaskName a, TaskName b) => !a.Equals(b);

    public bool Equals(TaskName other) => string.Equals(this.Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => obj is TaskName other && this.Equals(other);

    // Real: throws on the default struct (null Name), like this.
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(this.Name);

    // Real: Name, or "Name:Version" when a version is set; versions cannot be set through the constructor declared here.
    public override string ToString() => this.Name;
}

/// <summary>
/// Context object used by orchestrators. Same abstract / virtual / non-virtual layout as the real type (minus the members
/// the app does not use: Parent, Properties, Entities, ReplaySafeLoggerFactory, ContinueAsNew(ContinueAsNewOptions), the
/// 3-argument WaitForExternalEvent and CompareVersionTo).
/// </summary>
public abstract class TaskOrchestrationContext
{
    public abstract TaskName Name { get; }

    public abstract string InstanceId { get; }

    /// <summary>Replay-safe "now" (a UTC <see cref="DateTime"/>).</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    public abstract bool IsReplaying { get; }

    public virtual string Version => string.Empty;

    protected abstract ILoggerFactory LoggerFactory { get; }

    public abstract T? GetInput<T>();

    public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null)
        => this.CallActivityAsync<object>(name, input, options);

    public virtual Task CallActivityAsync(TaskName name, TaskOptions options)
        => this.CallActivityAsync(name, null, options);

    public virtual Task<TResult> CallActivityAsync<TResult>(TaskName name, TaskOptions options)
        => this.CallActivityAsync<TResult>(name, null, options);

    public abstract Task<TResult> CallActivityAsync<TResult>(
        TaskName name, object? input = null, TaskOptions? options = null);

    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
    {
        DateTime fireAt = this.CurrentUtcDateTime.Add(delay);
        return this.CreateTimer(fireAt, cancellationToken);
    }

    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Non-virtual, as in the real type: races a durable timer against the event; throws TaskCanceledException on timeout.</summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
    {
        // Timeouts are implemented using durable timers.
        using CancellationTokenSource timerCts = new();
        Task timeoutTask = this.CreateTimer(timeout, timerCts.Token);

        using CancellationTokenSource eventCts = new();
        Task<T> externalEventTask = this.WaitForExternalEvent<T>(eventName, eventCts.Token);

        // Wait for either task to complete and then cancel the one that didn't.
        Task winner = await Task.WhenAny(timeoutTask, externalEventTask);
        if (winner == externalEventTask)
        {
            timerCts.Cancel();
        }
        else
        {
            eventCts.Cancel();
        }

        // This will either return the received value or throw if the task was cancelled.
        return await externalEventTask;
    }

    public abstract void SendEvent(string instanceId, string eventName, object payload);

    /// <summary>The serialized value must not exceed 16 KB.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(
        TaskName orchestratorName, object? input = null, TaskOptions? options = null);

    public virtual Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, TaskOptions options)
        => this.CallSubOrchestratorAsync<TResult>(orchestratorName, null, options);

    public virtual Task CallSubOrchestratorAsync(TaskName orchestratorName, TaskOptions options)
        => this.CallSubOrchestratorAsync(orchestratorName, null, options);

    public virtual Task CallSubOrchestratorAsync(
        TaskName orchestratorName, object? input = null, TaskOptions? options = null)
        => this.CallSubOrchestratorAsync<object>(orchestratorName, input, options);

    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    public abstract Guid NewGuid();

    public virtual ILogger CreateReplaySafeLogger(string categoryName)
        => new ReplaySafeLogger(this, this.LoggerFactory.CreateLogger(categoryName));

    public virtual ILogger CreateReplaySafeLogger(Type type)
        => new ReplaySafeLogger(this, this.LoggerFactory.CreateLogger(type));

    public virtual ILogger CreateReplaySafeLogger<T>()
        => new ReplaySafeLogger(this, this.LoggerFactory.CreateLogger<T>());

    sealed class ReplaySafeLogger : ILogger
    {
        readonly TaskOrchestrationContext context;
        readonly ILogger logger;

        internal ReplaySafeLogger(TaskOrchestrationContext context, ILogger logger)
        {
            this.context = context ?? throw new ArgumentNullException(nameof(context));
            this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => this.logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => this.logger.IsEnabled(logLevel);

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!this.context.IsReplaying)
            {
                this.logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}

public record TaskOptions
{
    public TaskOptions(TaskRetryOptions? retry)
    {
        this.Retry = retry;
    }

    public TaskOptions(TaskRetryOptions? retry = null, IDictionary<string, string>? tags = null)
    {
        this.Retry = retry;
        this.Tags = tags;
    }

    public TaskRetryOptions? Retry { get; init; }

    public IDictionary<string, string>? Tags { get; init; }

    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}

public sealed class TaskRetryOptions
{
    public TaskRetryOptions(RetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        this.Policy = policy;
    }

    /// <summary>The retry policy (the real type also has a Handler alternative; not declared here).</summary>
    public RetryPolicy? Policy { get; }

    public static implicit operator TaskRetryOptions(RetryPolicy policy) => FromRetryPolicy(policy);

    public static TaskRetryOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}

public class RetryPolicy
{
    Func<TaskFailureDetails, bool>? handleFailure;

    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        if (maxNumberOfAttempts <= 0)
        {
            throw new ArgumentOutOfRangeException(
                paramName: nameof(maxNumberOfAttempts),
                actualValue: maxNumberOfAttempts,
                message: $"The value for {nameof(maxNumberOfAttempts)} must be greater than zero.");
        }

        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                paramName: nameof(firstRetryInterval),
                actualValue: firstRetryInterval,
                message: $"The value for {nameof(firstRetryInterval)} must be greater than zero.");
        }

        if (backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(
                paramName: nameof(backoffCoefficient),
                actualValue: backoffCoefficient,
                message: $"The value for {nameof(backoffCoefficient)} must be greater or equal to 1.0.");
        }

        if (maxRetryInterval < firstRetryInterval && maxRetryInterval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(
                paramName: nameof(maxRetryInterval),
                actualValue: maxRetryInterval,
                message: $"The value for {nameof(maxRetryInterval)} must be greater or equal to the value for {nameof(firstRetryInterval)}.");
        }

        if (retryTimeout < firstRetryInterval && retryTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(
                paramName: nameof(retryTimeout),
                actualValue: retryTimeout,
                message: $"The value for {nameof(retryTimeout)} must be greater or equal to the value for {nameof(firstRetryInterval)}.");
        }

        this.MaxNumberOfAttempts = maxNumberOfAttempts;
        this.FirstRetryInterval = firstRetryInterval;
        this.BackoffCoefficient = backoffCoefficient;
        this.MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        this.RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    public TimeSpan RetryTimeout { get; }

#pragma warning disable CA1044 // Properties should not be write only: mirrors the real init-only HandleFailure.
    /// <summary>
    /// Filter deciding which failures are retried (true = retry). Real: stored into the (EditorBrowsable.Never) Handle
    /// delegate, which converts DurableTask.Core failures to <see cref="TaskFailureDetails"/>; Handle is not declared here.
    /// </summary>
    public Func<TaskFailureDetails, bool> HandleFailure
    {
        init => this.handleFailure = value;
    }
#pragma warning restore CA1044

    // Offline only (not public): lets the surface keep the value HandleFailure was given.
    internal Func<TaskFailureDetails, bool>? HandleFailureValue => this.handleFailure;
}

#pragma warning disable CA1032 // Implement standard exception constructors: mirrors the real constructors only.
public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, Exception innerException)
        : base(GetExceptionMessage(taskName, taskId, null, innerException), innerException)
    {
        this.TaskName = taskName;
        this.TaskId = taskId;
        this.FailureDetails = TaskFailureDetails.FromExceptionCore(innerException);
    }

    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base(GetExceptionMessage(taskName, taskId, failureDetails, null))
    {
        this.TaskName = taskName;
        this.TaskId = taskId;
        this.FailureDetails = failureDetails;
    }

    public string TaskName { get; }

    public int TaskId { get; }

    public TaskFailureDetails FailureDetails { get; }

    static string GetExceptionMessage(string taskName, int taskId, TaskFailureDetails? details, Exception? cause)
    {
        // Same format as the real message (some callers depend on it).
        string? subMessage = details is not null ? details.ErrorMessage : cause?.Message;
        return subMessage is null
            ? $"Task '{taskName}' (#{taskId}) failed with an unhandled exception."
            : $"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {subMessage}";
    }
}
#pragma warning restore CA1032

/// <summary>Record that represents the details of a task failure (positional, as in the real record).</summary>
public record TaskFailureDetails(
    string ErrorType,
    string ErrorMessage,
    string? StackTrace,
    TaskFailureDetails? InnerFailure,
    IDictionary<string, object?>? Properties)
{
    // Real: a private cache field (part of the record's equality, as in the real record).
    Type? loadedExceptionType;

    public override string ToString() => $"{this.ErrorType}: {this.ErrorMessage}";

    /// <summary>True if <see cref="ErrorType"/> names <typeparamref name="T"/> or a type derived from it (loaded by name).</summary>
    public bool IsCausedBy<T>()
        where T : Exception
    {
        Type targetBaseExceptionType = typeof(T);
        if (string.IsNullOrEmpty(this.ErrorType))
        {
            return false;
        }

        this.loadedExceptionType ??= Type.GetType(this.ErrorType, throwOnError: false);
        this.loadedExceptionType ??= targetBaseExceptionType.Assembly.GetType(this.ErrorType, throwOnError: false);
        if (this.loadedExceptionType is null)
        {
            List<Type> matchingExceptionTypes = AppDomain.CurrentDomain.GetAssemblies()
                .Select(a => a.GetType(this.ErrorType, throwOnError: false))
                .OfType<Type>()
                .ToList();
            if (matchingExceptionTypes.Count == 1)
            {
                this.loadedExceptionType = matchingExceptionTypes[0];
            }
            else if (matchingExceptionTypes.Count > 1)
            {
                throw new AmbiguousMatchException($"Multiple exception types with the name '{this.ErrorType}' were found.");
            }
        }

        return this.loadedExceptionType is not null && targetBaseExceptionType.IsAssignableFrom(this.loadedExceptionType);
    }

    // Real: the public static FromException (not declared here), minus the DurableTask.Core exception branch.
    internal static TaskFailureDetails FromExceptionCore(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return FromExceptionRecursive(exception)!;
    }

    static TaskFailureDetails? FromExceptionRecursive(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }

        return new TaskFailureDetails(
            exception.GetType().ToString(),
            exception.Message,
            exception.StackTrace,
            FromExceptionRecursive(exception.InnerException),
            null);
    }
}

/// <summary>Options for scheduling a new orchestration (positional record; Tags, Version and DedupeStatuses not declared).</summary>
public record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

/// <summary>Microsoft.DurableTask's own pageable (not Azure.AsyncPageable), as returned by DurableTaskClient.GetAllInstancesAsync.</summary>
public abstract class AsyncPageable<T> : IAsyncEnumerable<T>
    where T : notnull
{
    public abstract IAsyncEnumerable<Page<T>> AsPages(
        string? continuationToken = default, int? pageSizeHint = default);

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (Page<T> page in this.AsPages().WithCancellation(cancellationToken))
        {
            foreach (T value in page.Values)
            {
                yield return value;
            }
        }
    }
}

public sealed class Page<T>(IReadOnlyList<T> values, string? continuationToken = null)
    where T : notnull
{
    public IReadOnlyList<T> Values { get; } = values ?? throw new ArgumentNullException(nameof(values));

    public string? ContinuationToken { get; } = continuationToken;
}
