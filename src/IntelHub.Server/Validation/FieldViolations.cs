using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using IntelHub.Domain;

namespace IntelHub.Server.Validation;

/// <summary>
/// Collects what is wrong with a request, field by field, and turns it into INVALID_ARGUMENT with
/// a google.rpc.BadRequest, so a client can show each problem next to the field that caused it.
/// </summary>
internal sealed class FieldViolations
{
    private readonly List<BadRequest.Types.FieldViolation> _violations = [];

    public bool Any => _violations.Count > 0;

    public IReadOnlyList<BadRequest.Types.FieldViolation> All => _violations;

    public void Add(string field, string description) =>
        _violations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });

    /// <summary>Adds one violation and returns this collection, for a request with a single problem.</summary>
    public FieldViolations With(string field, string description)
    {
        Add(field, description);
        return this;
    }

    /// <summary>Adds a domain refusal under the request field it came from.</summary>
    public void Add(string field, DomainError error) => Add(field, error.Message);

    public void ThrowIfAny(string summary)
    {
        if (!Any) return;
        throw ToException(summary);
    }

    public RpcException ToException(string summary)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = $"{summary}: {string.Join(" ", _violations.Select(v => $"{v.Field}: {v.Description}"))}",
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(new BadRequest { FieldViolations = { _violations } }) },
        };
        return status.ToRpcException();
    }
}
