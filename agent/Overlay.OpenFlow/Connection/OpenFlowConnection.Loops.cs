using System.Buffers;
using System.IO.Pipelines;
using Overlay.OpenFlow.Messages;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow;

public sealed partial class OpenFlowConnection
{
    private const int WriteBatchBytes = 256 * 1024;

    /// <summary>Whole frames to send; a pooled buffer goes back to <see cref="ArrayPool{T}.Shared"/> once written.</summary>
    private readonly record struct OutgoingBytes(byte[] Buffer, int Length, bool Pooled)
    {
        public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

        public void Release()
        {
            if (Pooled)
            {
                ArrayPool<byte>.Shared.Return(Buffer);
            }
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                ReadResult result = await _input.ReadAsync(_shutdown.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                try
                {
                    while (OfpFrameReader.TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame))
                    {
                        Dispatch(OfpMessage.Decode(frame));
                    }

                    if (result.IsCompleted)
                    {
                        Close(buffer.IsEmpty
                            ? new OpenFlowConnectionClosedException("the switch closed the connection")
                            : new OpenFlowProtocolException($"the switch closed the connection in the middle of a message ({buffer.Length} bytes of an incomplete frame)"));
                        return;
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the connection closes with the reason instead of hanging its callers.
            Close(ex);
        }
    }

    private void Dispatch(OfpMessage message)
    {
        if (message.Version != Version)
        {
            throw new OpenFlowProtocolException(
                $"{OfpTypeNames.Name(message.Type)} xid=0x{message.Xid:x} has version 0x{message.Version:x2}, but 0x{Version:x2} was negotiated");
        }

        switch (message)
        {
            case EchoRequest echo:
                Enqueue(new EchoReply(echo.Data) { Xid = echo.Xid });
                return;
            case ErrorMessage error when _pending.TryRemove(error.Xid, out PendingRequest? failed):
                failed.Completion.TrySetException(new OpenFlowErrorException(error));
                return;
            case ErrorMessage error when _watched.TryGetValue(error.Xid, out (ErrorWatch Watch, int Index) w):
                w.Watch.Add(w.Index, error);
                return;
            case ErrorMessage error when TryFindWatched(error.Xid, out ErrorWatch watch, out int index):
                watch.Add(index, error);
                return;
        }

        if (message is not ErrorMessage && _pending.TryGetValue(message.Xid, out PendingRequest? pending))
        {
            if (pending.Add(message))
            {
                _pending.TryRemove(message.Xid, out _);
            }

            return;
        }

        _unsolicited.Writer.TryWrite(message);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(_shutdown.Token).ConfigureAwait(false))
            {
                while (batch.WrittenCount < WriteBatchBytes && _outgoing.Reader.TryRead(out OutgoingBytes item))
                {
                    if (item.Length < WriteBatchBytes / 4)
                    {
                        batch.Write(item.Memory.Span);
                        item.Release();
                        continue;
                    }

                    // A big chunk (bundle adds) goes out as it is, after whatever small frames preceded it.
                    if (batch.WrittenCount > 0)
                    {
                        await _stream.WriteAsync(batch.WrittenMemory, _shutdown.Token).ConfigureAwait(false);
                        batch.Clear();
                    }

                    await _stream.WriteAsync(item.Memory, _shutdown.Token).ConfigureAwait(false);
                    item.Release();
                }

                if (batch.WrittenCount > 0)
                {
                    await _stream.WriteAsync(batch.WrittenMemory, _shutdown.Token).ConfigureAwait(false);
                    batch.Clear();
                }

                await _stream.FlushAsync(_shutdown.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Close(ex);
        }
    }

    private void Enqueue(OfpMessage message)
    {
        byte[] frame = message.Encode();
        Enqueue(new OutgoingBytes(frame, frame.Length, Pooled: false));
    }

    private void Enqueue(OutgoingBytes bytes)
    {
        if (!_outgoing.Writer.TryWrite(bytes))
        {
            bytes.Release();
            throw ClosedError();
        }
    }
}
