namespace Overlay.Logical;

/// <summary>
/// A problem found in match or action text: 1-based column, the offending token and a message.
/// </summary>
public sealed record SyntaxError(int Column, string Token, string Message)
{
    public override string ToString() =>
        Token.Length > 0 ? $"column {Column}: {Message} (at '{Token}')" : $"column {Column}: {Message}";
}

/// <summary>Result of parsing: a value or the first error.</summary>
public readonly record struct ParseResult<T>(T? Value, SyntaxError? Error) where T : class
{
    public bool Ok => Error is null && Value is not null;

    public static ParseResult<T> Success(T value) => new(value, null);

    public static ParseResult<T> Fail(SyntaxError error) => new(null, error);

    public T Unwrap(string what) =>
        Ok ? Value! : throw new FormatException($"{what}: {Error}");
}
