using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using DropShip.Core.Tracking;
using DropShip.Functions.Tracking;
using Microsoft.DurableTask;

namespace DropShip.Tests.Tracking;

/// <summary>
/// Orchestrator code is replayed, so it must not read the clock, make GUIDs or random numbers, sleep, start threads, do
/// I/O, read the environment or ConfigureAwait. This reads the IL of the orchestrator class (with its compiler-generated
/// async state machines and closures) and of the pure Core code it calls, and lists every call to such an API.
/// </summary>
public sealed class OrchestratorDeterminismTests
{
    private static readonly Type[] OrchestratorCode =
    [
        typeof(TrackPurchaseOrder),
        typeof(TrackingState), typeof(TrackingStep), typeof(TrackingOptions), typeof(CheckResult),
        typeof(TrackedPoInput), typeof(NotifyShipmentInput), typeof(ReleaseNeverPlacedInput),
        typeof(TrackingInstance),
    ];

    [Fact]
    public void Orchestrator_and_the_core_code_it_calls_use_no_non_deterministic_api()
    {
        var scan = DeterminismScanner.Scan(OrchestratorCode);

        Assert.True(scan.Violations.Count == 0, "Non-deterministic calls in orchestrator code:\n" + string.Join('\n', scan.Violations));
        Assert.Empty(scan.Unresolved);
    }

    [Fact]
    public void The_scan_reaches_the_async_state_machines_and_the_schedule()
    {
        var scan = DeterminismScanner.Scan(OrchestratorCode);

        // It read the state machines' MoveNext (where the awaits are), not just the kickoff stubs...
        var stateMachines = typeof(TrackPurchaseOrder).GetNestedTypes(BindingFlags.NonPublic)
            .Where(t => typeof(IAsyncStateMachine).IsAssignableFrom(t)).ToList();
        Assert.True(stateMachines.Count >= 4, $"expected the async state machines of Run and its helpers, found {stateMachines.Count}");
        Assert.All(stateMachines, sm => Assert.Contains(scan.Scanned, m => m.DeclaringType == sm && m.Name == "MoveNext"));

        // ...saw the context calls that only happen inside them...
        string[] contextCalls = ["CreateTimer", "WaitForExternalEvent", "CallActivityAsync", "ContinueAsNew", "get_CurrentUtcDateTime", "CreateReplaySafeLogger", "GetInput"];
        foreach (var name in contextCalls)
            Assert.Contains(scan.Called, m => m.DeclaringType == typeof(TaskOrchestrationContext) && m.Name == name);

        // ...and followed the transition the orchestrator calls.
        Assert.Contains(scan.Scanned, m => m.DeclaringType == typeof(TrackingState) && m.Name == nameof(TrackingState.After));
        Assert.Contains(scan.Scanned, m => m.DeclaringType == typeof(TrackingState) && m.Name == nameof(TrackingState.ErrorBackoff));
        Assert.Contains(scan.Called, m => m.DeclaringType == typeof(Math) && m.Name == nameof(Math.Clamp));
    }

    [Fact]
    public void Self_check_the_scanner_reports_violations_inside_async_methods_lambdas_and_called_helpers()
    {
        var scan = DeterminismScanner.Scan([typeof(Violator)]);

        string[] expected =
        [
            "System.DateTime.get_UtcNow", "System.DateTime.get_Now", "System.DateTimeOffset.get_UtcNow", "System.DateTimeOffset.get_Now",
            "System.Guid.NewGuid", "System.Threading.Tasks.Task.Delay", "System.Threading.Thread.Sleep", "System.Threading.Tasks.Task.Run",
            "System.TimeProvider.", "System.Random.", "System.Net.Http.HttpClient.", "System.Net.Http.HttpMessageInvoker.", "System.Net.WebRequest.",
            "System.Environment.GetEnvironmentVariable", "ConfigureAwait",
        ];
        foreach (var api in expected)
            Assert.Contains(scan.Violations, v => v.Api.Contains(api, StringComparison.Ordinal));

        // Found where they hide: in the async state machine after an await, in a lambda, and in a helper the class calls.
        Assert.Contains(scan.Violations, v => v.Api == "System.DateTime.get_UtcNow" && v.Caller.Name == "MoveNext" && v.Caller.DeclaringType!.DeclaringType == typeof(Violator));
        Assert.Contains(scan.Violations, v => v.Api == "System.Guid.NewGuid" && v.Caller.Name.Contains("<LambdaMakesGuids>", StringComparison.Ordinal));
        Assert.Contains(scan.Violations, v => v.Api.StartsWith("System.Random.", StringComparison.Ordinal) && v.Caller.DeclaringType == typeof(ViolatorHelper));
        Assert.DoesNotContain(scan.Violations, v => v.Caller.Name.Contains(nameof(Violator.Clean), StringComparison.Ordinal));
        Assert.Empty(scan.Unresolved);
    }

    [Fact]
    public void Self_check_a_clean_class_passes()
    {
        var scan = DeterminismScanner.Scan([typeof(CleanOrchestrator)]);

        Assert.Empty(scan.Violations);
        Assert.Contains(scan.Called, m => m.DeclaringType == typeof(TaskOrchestrationContext) && m.Name == "CreateTimer");
    }

    [Fact]
    public void Self_check_the_opcode_reader_walks_every_instruction()
    {
        // A method with a switch, long branches, 8-byte operands and two-byte opcodes: the reader must land on the final ret.
        var method = typeof(Violator).GetMethod(nameof(Violator.Clean), BindingFlags.Public | BindingFlags.Static)!;
        var instructions = DeterminismScanner.Read(method.GetMethodBody()!.GetILAsByteArray()!).ToList();

        Assert.Equal(OpCodes.Ret, instructions[^1].OpCode);
        Assert.Contains(instructions, i => i.OpCode.Size == 2);
        Assert.Contains(instructions, i => i.OpCode == OpCodes.Switch);
        Assert.Contains(instructions, i => i.OpCode == OpCodes.Ldc_I8);
        Assert.Contains(instructions, i => i.OpCode == OpCodes.Ldc_R8);
    }

    // ---- self-check fixtures: these are never run, only scanned ----

#pragma warning disable CA5394 // Random is the point here.
#pragma warning disable CA2007 // ConfigureAwait is the point here.
    private static class Violator
    {
        public static async Task<DateTime> ReadsTheClockAfterAnAwait(TaskOrchestrationContext context)
        {
            await context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);
            return DateTime.UtcNow;
        }

        public static async Task<DateTimeOffset> MoreClocks(TaskOrchestrationContext context)
        {
            await context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);
            _ = DateTime.Now;
            _ = DateTimeOffset.Now;
            return DateTimeOffset.UtcNow;
        }

        public static Func<Guid> LambdaMakesGuids() => () => Guid.NewGuid();

        public static async Task Sleeps()
        {
            await Task.Delay(1);
            Thread.Sleep(1);
            await Task.Run(() => 1);
        }

        public static DateTimeOffset UsesTimeProvider(TimeProvider clock) => clock.GetUtcNow();

        public static int Randomness() => ViolatorHelper.Roll();

        public static async Task<string> Http(HttpClient client, HttpMessageInvoker invoker, HttpRequestMessage request)
        {
            await invoker.SendAsync(request, CancellationToken.None);
            return await client.GetStringAsync(new Uri("http://localhost/"));
        }

#pragma warning disable SYSLIB0014 // WebRequest is obsolete; it is what the scanner must still catch.
        public static WebRequest OldHttp() => WebRequest.Create(new Uri("http://localhost/"));
#pragma warning restore SYSLIB0014

        public static string? Env() => Environment.GetEnvironmentVariable("DROPSHIP_X");

        public static async Task<int> Configures(Task<int> work) => await work.ConfigureAwait(false);

        public static double Clean(int value, TaskOrchestrationContext context)
        {
            long big = 1L << 40;
            double ratio = 0.5;
            var result = value switch
            {
                0 => big * ratio,
                1 => big,
                2 => ratio,
                3 => context.CurrentUtcDateTime.Ticks,
                _ => value,
            };
            var isSeven = value == 7; // ceq: a two-byte opcode
            for (var i = 0; i < 300; i++) result += isSeven ? Math.Sqrt(i) : i;
            return result;
        }
    }

    private static class ViolatorHelper
    {
        public static int Roll() => Random.Shared.Next(6);
    }
#pragma warning restore CA2007
#pragma warning restore CA5394

    private static class CleanOrchestrator
    {
        public static async Task<DateTime> Run(TaskOrchestrationContext context)
        {
            var at = context.CurrentUtcDateTime.AddMinutes(5);
            await context.CreateTimer(at, CancellationToken.None);
            Func<DateTime, DateTime> next = d => d.AddHours(1);
            return next(context.CurrentUtcDateTime);
        }
    }
}

/// <summary>A violation: which method called which forbidden API, at what IL offset.</summary>
internal sealed record DeterminismViolation(MethodBase Caller, int Offset, string Api)
{
    public override string ToString() => $"{Caller.DeclaringType?.FullName}.{Caller.Name} IL_{Offset:X4}: {Api}";
}

internal sealed record Instruction(int Offset, OpCode OpCode, int Token);

internal sealed record DeterminismScan(
    IReadOnlyList<DeterminismViolation> Violations,
    IReadOnlySet<MethodBase> Scanned,
    IReadOnlySet<MethodBase> Called,
    IReadOnlyList<string> Unresolved);

/// <summary>
/// IL reader: walks every method of the given types and their nested (compiler-generated) types, follows calls into
/// other DropShip code (and the nested types of what it reaches), and resolves the member tokens of call, callvirt,
/// newobj, ldftn, ldvirtftn, jmp, ldtoken and the field opcodes.
/// </summary>
internal static class DeterminismScanner
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<byte, OpCode> OneByte = [];
    private static readonly Dictionary<byte, OpCode> TwoByte = [];

    static DeterminismScanner()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var opCode = (OpCode)field.GetValue(null)!;
            var value = unchecked((ushort)opCode.Value);
            if (opCode.Size == 1) OneByte[(byte)value] = opCode;
            else TwoByte[(byte)(value & 0xFF)] = opCode;
        }
    }

    public static IEnumerable<Instruction> Read(byte[] il)
    {
        var position = 0;
        while (position < il.Length)
        {
            var offset = position;
            var first = il[position++];
            var opCode = first == 0xFE ? TwoByte[il[position++]] : OneByte[first];
            var token = 0;
            switch (opCode.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    position += 8;
                    break;
                case OperandType.InlineSwitch:
                    var targets = BitConverter.ToInt32(il, position);
                    position += 4 + 4 * targets;
                    break;
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok or OperandType.InlineType
                    or OperandType.InlineSig or OperandType.InlineString:
                    token = BitConverter.ToInt32(il, position);
                    position += 4;
                    break;
                default: // InlineBrTarget, InlineI, ShortInlineR
                    position += 4;
                    break;
            }
            yield return new Instruction(offset, opCode, token);
        }
        if (position != il.Length) throw new InvalidOperationException("IL walk overran the method body.");
    }

    public static DeterminismScan Scan(IEnumerable<Type> roots)
    {
        var violations = new List<DeterminismViolation>();
        var unresolved = new List<string>();
        var scanned = new HashSet<MethodBase>();
        var called = new HashSet<MethodBase>();
        var seenTypes = new HashSet<Type>();
        var queue = new Queue<MethodBase>();

        void AddType(Type type)
        {
            if (!seenTypes.Add(type)) return;
            foreach (var method in type.GetMethods(All)) queue.Enqueue(method);
            foreach (var ctor in type.GetConstructors(All)) queue.Enqueue(ctor);
            foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)) AddType(nested);
        }

        foreach (var root in roots) AddType(root);

        while (queue.TryDequeue(out var method))
        {
            if (!scanned.Add(method)) continue;
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is null) continue; // abstract / extern
            var typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
            var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;

            foreach (var instruction in Read(il))
            {
                if (instruction.Token == 0) continue;
                var operand = instruction.OpCode.OperandType;
                if (operand is not (OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)) continue;
                MemberInfo? target;
                try
                {
                    target = operand switch
                    {
                        OperandType.InlineMethod => method.Module.ResolveMethod(instruction.Token, typeArgs, methodArgs),
                        OperandType.InlineField => method.Module.ResolveField(instruction.Token, typeArgs, methodArgs),
                        _ => method.Module.ResolveMember(instruction.Token, typeArgs, methodArgs),
                    };
                }
                catch (Exception ex) when (ex is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException)
                {
                    unresolved.Add($"{method.DeclaringType?.FullName}.{method.Name} IL_{instruction.Offset:X4}: {ex.Message}");
                    continue;
                }
                if (target is null) continue;

                if (Forbidden(target) is { } api) violations.Add(new DeterminismViolation(method, instruction.Offset, api));

                if (target is MethodBase callee)
                {
                    called.Add(callee);
                    if (IsOurs(callee.Module.Assembly))
                    {
                        // Scan the definition, and whatever the compiler generated next to it (closures, state machines).
                        queue.Enqueue(callee.Module.ResolveMethod(callee.MetadataToken)!);
                        if (callee.DeclaringType is { } owner) AddType(owner.IsGenericType ? owner.GetGenericTypeDefinition() : owner);
                    }
                }
            }
        }

        return new DeterminismScan(violations, scanned, called, unresolved);
    }

    /// <summary>The app's own code (and this test assembly, for the self-checks); not the Functions API surface stand-in.</summary>
    private static bool IsOurs(Assembly assembly) => assembly.GetName().Name is "DropShip.Core" or "DropShip.Functions" or "DropShip.Tests";

#pragma warning disable SYSLIB0014 // WebRequest and WebClient are obsolete; the scanner must still catch them.
    private static readonly Type[] ForbiddenTypes =
    [
        typeof(TimeProvider), typeof(Random), typeof(HttpMessageInvoker), typeof(WebRequest), typeof(WebClient), typeof(Stopwatch),
        typeof(TaskFactory), typeof(Thread), typeof(ThreadPool), typeof(System.Threading.Timer), typeof(System.Timers.Timer), typeof(PeriodicTimer),
    ];
#pragma warning restore SYSLIB0014

    private static readonly Dictionary<Type, string[]> ForbiddenMembers = new()
    {
        [typeof(DateTime)] = ["get_UtcNow", "get_Now", "get_Today"],
        [typeof(DateTimeOffset)] = ["get_UtcNow", "get_Now"],
        [typeof(Guid)] = ["NewGuid", "CreateVersion7"],
        [typeof(Task)] = ["Delay", "Run", "Yield", "get_Factory"],
        [typeof(Task<>)] = ["get_Factory"],
        [typeof(Environment)] = ["GetEnvironmentVariable", "GetEnvironmentVariables", "ExpandEnvironmentVariables", "get_TickCount", "get_TickCount64", "SetEnvironmentVariable"],
        [typeof(CancellationTokenSource)] = ["CancelAfter"],
    };

    /// <summary>The forbidden API a member belongs to, or null.</summary>
    internal static string? Forbidden(MemberInfo member)
    {
        if (member.Name == "ConfigureAwait") return $"{member.DeclaringType?.FullName}.ConfigureAwait";
        var type = member.DeclaringType;
        if (type is null) return null;
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;

        if (ForbiddenTypes.Any(f => f.IsAssignableFrom(definition)))
            return $"{definition.FullName}.{member.Name}";
        if (ForbiddenMembers.TryGetValue(definition, out var names) && names.Contains(member.Name))
            return $"{definition.FullName}.{member.Name}";
        if (member is ConstructorInfo && definition == typeof(CancellationTokenSource) && ((ConstructorInfo)member).GetParameters().Length > 0)
            return "System.Threading.CancellationTokenSource..ctor(delay)";
        // Holding a clock, a random source or an HTTP client in a field is as bad as calling one.
        if (member is FieldInfo field && ForbiddenTypes.FirstOrDefault(f => f.IsAssignableFrom(field.FieldType)) is { } heldType)
            return $"{heldType.FullName} field {type.FullName}.{field.Name}";
        return null;
    }
}
