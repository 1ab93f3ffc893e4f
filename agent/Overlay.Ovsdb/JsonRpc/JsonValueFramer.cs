using System.Text.Json;
using System.Text.Unicode;

namespace Overlay.Ovsdb.JsonRpc;

/// <summary>
/// Splits a byte stream of concatenated JSON objects (OVSDB's framing: no delimiter, no length prefix) into messages.
/// Bytes go in with <see cref="GetWriteMemory"/>/<see cref="Advance"/> (or <see cref="Append"/>); whole objects come
/// out of <see cref="TryRead"/>. A partial object consumes nothing. Scanning resumes where it stopped
/// (<see cref="JsonReaderState"/>), so a large message arriving in many pieces is scanned once.
/// </summary>
public sealed class JsonValueFramer
{
    public const int DefaultMaxMessageBytes = 64 * 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private readonly int _maxMessageBytes;
    private byte[] _buffer;
    private int _start;    // first byte of the current (incomplete) message
    private int _scanned;  // bytes before this are tokenised and reflected in _state
    private int _end;      // end of valid data
    private JsonReaderState _state = new(ReaderOptions);
    private bool _inMessage;

    public JsonValueFramer(int maxMessageBytes = DefaultMaxMessageBytes, int initialCapacity = 16 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 2);
        _maxMessageBytes = maxMessageBytes;
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    /// <summary>Bytes received but not yet returned as a message (a partial message, or whitespace).</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>Space to receive into; call <see cref="Advance"/> with the number of bytes written.</summary>
    public Memory<byte> GetWriteMemory(int sizeHint = 4096)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _end < sizeHint)
        {
            int live = _end - _start;
            byte[] target = live + sizeHint <= _buffer.Length ? _buffer : new byte[Math.Max(_buffer.Length * 2, live + sizeHint)];
            Buffer.BlockCopy(_buffer, _start, target, 0, live);
            _buffer = target;
            _scanned -= _start;
            _end = live;
            _start = 0;
        }
        return _buffer.AsMemory(_end);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        data.CopyTo(GetWriteMemory(data.Length).Span);
        Advance(data.Length);
    }

    /// <summary>
    /// Returns the next complete top-level JSON object, valid until the next call on this framer.
    /// Throws <see cref="OvsdbProtocolException"/> when the bytes cannot be JSON-RPC (malformed JSON,
    /// a top-level value that is not an object, or a message over the size limit).
    /// </summary>
    public bool TryRead(out ReadOnlyMemory<byte> message)
    {
        message = default;
        if (!_inMessage)
        {
            SkipWhitespace();
            if (_start == _end)
                return false;
        }

        var reader = new Utf8JsonReader(_buffer.AsSpan(_scanned, _end - _scanned), isFinalBlock: false, _state);
        try
        {
            while (reader.Read())
            {
                if (!_inMessage)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                        throw new OvsdbProtocolException($"expected a JSON object to start a JSON-RPC message, got {Describe(reader.TokenType)}");
                    _inMessage = true;
                }
                else if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.EndObject)
                {
                    int messageEnd = _scanned + (int)reader.BytesConsumed;
                    message = _buffer.AsMemory(_start, messageEnd - _start);
                    // The reader checks structure, not the bytes inside strings; JSON text must be UTF-8 (RFC 8259 §8.1).
                    if (!Utf8.IsValid(message.Span))
                        throw new OvsdbProtocolException("invalid UTF-8 in a JSON-RPC message from peer");
                    _start = _scanned = messageEnd;
                    _state = new JsonReaderState(ReaderOptions);
                    _inMessage = false;
                    return true;
                }
            }
        }
        catch (JsonException e)
        {
            throw new OvsdbProtocolException($"malformed JSON from peer: {e.Message}", e);
        }

        _scanned += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        if (_end - _start > _maxMessageBytes)
            throw new OvsdbProtocolException($"JSON-RPC message exceeds {_maxMessageBytes} bytes");
        return false;
    }

    private void SkipWhitespace()
    {
        while (_start < _end && _buffer[_start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            _start++;
        _scanned = _start;
        if (_start == _end)
        {
            _start = _scanned = _end = 0;
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
