using System.Buffers;
using Overlay.OpenFlow.Messages;
using Overlay.OpenFlow.Wire;

namespace Overlay.OpenFlow.Tests.Codec;

public sealed class FrameReaderTests
{
    private static readonly byte[][] Frames = [.. MessageVectors.All.Values.Select(v => Convert.FromHexString(v.Hex))];
    private static readonly byte[] Stream = [.. Frames.SelectMany(f => f)];

    [Fact]
    public void EverySplitOfTheStreamYieldsTheSameFramesAndConsumesNothingWhilePartial()
    {
        for (int split = 0; split <= Stream.Length; split++)
        {
            var frames = new List<byte[]>();
            var buffer = new ReadOnlySequence<byte>(Stream.AsMemory(0, split));
            while (OfpFrameReader.TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame))
            {
                frames.Add(frame.ToArray());
            }

            // What is left is exactly the incomplete tail: nothing of it was consumed.
            long consumed = frames.Sum(f => (long)f.Length);
            Assert.Equal(split - consumed, buffer.Length);

            var rest = new ReadOnlySequence<byte>(Stream.AsMemory((int)consumed));
            while (OfpFrameReader.TryReadFrame(ref rest, out ReadOnlySequence<byte> frame))
            {
                frames.Add(frame.ToArray());
            }

            Assert.True(rest.IsEmpty);
            Assert.Equal(Frames.Length, frames.Count);
            for (int i = 0; i < Frames.Length; i++)
            {
                Assert.Equal(Frames[i], frames[i]);
            }
        }
    }

    [Fact]
    public void FramesSpanningSegmentBoundariesDecodeLikeContiguousOnes()
    {
        for (int split = 1; split < Stream.Length; split++)
        {
            ReadOnlySequence<byte> buffer = TwoSegments(Stream, split);
            int index = 0;
            while (OfpFrameReader.TryReadFrame(ref buffer, out ReadOnlySequence<byte> frame))
            {
                OfpMessage decoded = OfpMessage.Decode(frame);
                Assert.Equal(Frames[index], decoded.Encode());
                index++;
            }

            Assert.Equal(Frames.Length, index);
        }
    }

    [Fact]
    public void SpanReaderReportsZeroUntilTheFrameIsComplete()
    {
        byte[] frame = Frames[0];
        for (int n = 0; n < frame.Length; n++)
        {
            Assert.Equal(0, OfpFrameReader.TryGetFrameLength(frame.AsSpan(0, n)));
        }

        Assert.Equal(frame.Length, OfpFrameReader.TryGetFrameLength(frame));
    }

    [Fact]
    public void AHeaderClaimingFewerThanEightBytesIsAProtocolError()
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString("0602000400000009"));

        var ex = Assert.Throws<OpenFlowProtocolException>(() => OfpFrameReader.TryReadFrame(ref buffer, out _));

        Assert.Contains("length 4", ex.Reason, StringComparison.Ordinal);
    }

    private static ReadOnlySequence<byte> TwoSegments(byte[] data, int split)
    {
        var first = new Segment(data.AsMemory(0, split), 0);
        Segment last = first.Append(data.AsMemory(split));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
