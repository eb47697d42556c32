using System.Reflection;
using Google.Protobuf.Reflection;
using IntelHub.Contracts.V1;

namespace IntelHub.Contracts.Tests;

/// <summary>
/// The descriptors of every proto file compiled into IntelHub.Contracts, found by reflection over the
/// generated "*Reflection" classes, so that a new file in protos/ is covered without editing the tests.
/// </summary>
internal static class PublicApi
{
    public const string Package = "intelhub.v1";

    public static IReadOnlyList<FileDescriptor> Files { get; } = typeof(ItemsReflection).Assembly
        .GetTypes()
        .Select(type => type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(property => property?.PropertyType == typeof(FileDescriptor))
        .Select(property => (FileDescriptor)property!.GetValue(null)!)
        .Where(file => file.Package == Package)
        .OrderBy(file => file.Name, StringComparer.Ordinal)
        .ToList();

    public static IEnumerable<ServiceDescriptor> Services => Files.SelectMany(file => file.Services);

    public static IEnumerable<MethodDescriptor> Methods => Services.SelectMany(service => service.Methods);

    public static IEnumerable<MessageDescriptor> Messages => Files.SelectMany(file => file.MessageTypes).SelectMany(WithNested);

    public static IEnumerable<EnumDescriptor> Enums =>
        Files.SelectMany(file => file.EnumTypes).Concat(Messages.SelectMany(message => message.EnumTypes));

    public static IEnumerable<FieldDescriptor> Fields => Messages.SelectMany(message => message.Fields.InDeclarationOrder());

    public static MethodDescriptor Method(string fullName) =>
        Methods.SingleOrDefault(method => method.FullName == fullName)
        ?? throw new InvalidOperationException($"No RPC {fullName} in the public API.");

    public static MessageDescriptor Message(string name) =>
        Messages.SingleOrDefault(message => message.FullName == $"{Package}.{name}")
        ?? throw new InvalidOperationException($"No message {Package}.{name} in the public API.");

    /// <summary>Every message reachable from <paramref name="root"/> through its fields, the root included.</summary>
    public static IReadOnlySet<MessageDescriptor> Reachable(MessageDescriptor root, Func<FieldDescriptor, bool> follow)
    {
        var seen = new HashSet<MessageDescriptor> { root };
        var pending = new Queue<MessageDescriptor>(seen);
        while (pending.TryDequeue(out var message))
        {
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                if (field.FieldType == FieldType.Message && follow(field) && seen.Add(field.MessageType))
                {
                    pending.Enqueue(field.MessageType);
                }
            }
        }
        return seen;
    }

    private static IEnumerable<MessageDescriptor> WithNested(MessageDescriptor message) =>
        message.NestedTypes.SelectMany(WithNested).Prepend(message);
}
