namespace DropShip.Core.Common;

/// <summary>
/// A credential value. It prints as "[redacted]" so that a secret that reaches a log line, an exception message or
/// a serialized object by accident shows nothing. Only adapters call <see cref="Reveal"/>, at the moment of use.
/// </summary>
public sealed class Secret(string value)
{
    public string Reveal() => value;

    public override string ToString() => "[redacted]";
}
