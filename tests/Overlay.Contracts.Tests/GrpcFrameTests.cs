using System.Buffers;
using Google.Protobuf;
using Overlay.Contracts.Nb;
using Overlay.Contracts.Sb;
using Overlay.Contracts.Wire;

namespace Overlay.Contracts.Tests;

public class GrpcFrameTests
{
    private static readonly IMessage[] Messages =
    [
        new ReportReply { Revision = 7 },
        new ReportReply(), // an empty message is a 5-byte frame with length 0
        TestService.Request("--may-exist", "lsp-add", "sw0", "p1"),
        TestService.StreamUpdate(3),
    ];

    [Fact]
    public void Encodes_the_header_and_payload_as_the_spec_shows()
    {
        // ReportReply{revision=7} is 08 07; the frame is flag 0, length 00000002, payload.
        Assert.Equal("00000000020807", Convert.ToHexStringLower(GrpcFrame.Encode(new ReportReply { Revision = 7 })));
        Assert.Equal("0000000000", Convert.ToHexStringLower(GrpcFrame.Encode(new ReportReply())));
    }

    [Fact]
    public void Buffer_writer_and_array_forms_agree()
    {
        foreach (var message in Messages)
        {
            var writer = new ArrayBufferWriter<byte>();
            GrpcFrame.Write(writer, message);
            Assert.Equal(GrpcFrame.Encode(message), writer.WrittenSpan.ToArray());
        }
    }

    [Fact]
    public void Round_trips_several_frames_from_a_sequence_and_a_span()
    {
        byte[] stream = Messages.SelectMany(GrpcFrame.Encode).ToArray();

        var sequence = new ReadOnlySequence<byte>(stream);
        var fromSequence = new List<byte[]>();
        while (GrpcFrame.TryRead(ref sequence, 1 << 20, out var payload))
            fromSequence.Add(payload.ToArray());
        Assert.True(sequence.IsEmpty);

        var span = stream.AsSpan();
        var fromSpan = new List<byte[]>();
        while (GrpcFrame.TryRead(span, 1 << 20, out var payload, out int consumed))
        {
            fromSpan.Add(payload.ToArray());
            span = span[consumed..];
        }
        Assert.True(span.IsEmpty);

        var expected = Messages.Select(m => m.ToByteArray()).ToList();
        Assert.Equal(expected, fromSequence);
        Assert.Equal(expected, fromSpan);
    }

    [Fact]
    public void Every_split_of_the_stream_decodes_the_same_messages_and_partial_reads_consume_nothing()
    {
        byte[] stream = Messages.SelectMany(GrpcFrame.Encode).ToArray();
        var expected = Messages.Select(m => m.ToByteArray()).ToList();

        for (int split = 0; split <= stream.Length; split++)
        {
            // A sequence made of two segments split here reads everything.
            var twoSegments = Segments.Of(stream.AsMemory(0, split), stream.AsMemory(split));
            Assert.Equal(expected, ReadAll(ref twoSegments));
            Assert.True(twoSegments.IsEmpty, $"split {split}");

            // Only the first part has arrived: whole frames come out, the partial one is left exactly as it was.
            var prefix = Segments.Of(stream.AsMemory(0, split));
            var first = ReadAll(ref prefix);
            Assert.Equal(expected.Take(first.Count), first);
            long left = prefix.Length;
            var again = prefix;
            Assert.False(GrpcFrame.TryRead(ref again, 1 << 20, out _));
            Assert.Equal(left, again.Length);
            Assert.Equal(prefix.Start, again.Start);

            // Then the rest arrives behind the unread part.
            var rest = Segments.Of(stream.AsMemory(split - (int)left));
            var second = ReadAll(ref rest);
            Assert.Equal(expected, first.Concat(second).ToList());
            Assert.True(rest.IsEmpty);

            // The span reader agrees on the prefix.
            var span = stream.AsSpan(0, split);
            int frames = 0;
            while (GrpcFrame.TryRead(span, 1 << 20, out _, out int consumed))
            {
                span = span[consumed..];
                frames++;
            }
            Assert.Equal(first.Count, frames);
            Assert.Equal(left, span.Length);
        }
    }

    [Fact]
    public void A_compressed_frame_is_rejected_without_consuming_it()
    {
        var sequence = new ReadOnlySequence<byte>([1, 0, 0, 0, 2, 0x08, 0x07]);
        var before = sequence;
        var e = Assert.Throws<RpcException>(() => GrpcFrame.TryRead(ref sequence, 1 << 20, out _));
        Assert.Equal(StatusCode.Internal, e.Status);
        Assert.Contains("compress", e.Detail);
        Assert.Equal(before, sequence);

        var bad = new ReadOnlySequence<byte>([7, 0, 0, 0, 0]);
        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() => GrpcFrame.TryRead(ref bad, 1 << 20, out _)).Status);
    }

    [Fact]
    public void An_oversized_frame_is_rejected_as_soon_as_its_header_arrives()
    {
        // Only the header of a 2 GiB - 1 frame: no need to wait for (or buffer) the payload.
        var header = new ReadOnlySequence<byte>([0, 0x7F, 0xFF, 0xFF, 0xFF]);
        var e = Assert.Throws<RpcException>(() => GrpcFrame.TryRead(ref header, 1024, out _));
        Assert.Equal(StatusCode.ResourceExhausted, e.Status);
        Assert.Contains("1024", e.Detail);
        Assert.Equal(5, header.Length);

        // The limit is inclusive.
        var exact = new ReadOnlySequence<byte>(GrpcFrame.Encode(new ReportReply { Revision = 7 }));
        Assert.True(GrpcFrame.TryRead(ref exact, 2, out var payload));
        Assert.Equal(2, payload.Length);
        var over = new ReadOnlySequence<byte>(GrpcFrame.Encode(new ReportReply { Revision = 7 }));
        Assert.Throws<RpcException>(() => GrpcFrame.TryRead(ref over, 1, out _));
        Assert.Throws<RpcException>(() => GrpcFrame.TryRead(GrpcFrame.Encode(new ReportReply { Revision = 7 }), 1, out _, out _));
    }

    private static List<byte[]> ReadAll(ref ReadOnlySequence<byte> sequence)
    {
        var list = new List<byte[]>();
        while (GrpcFrame.TryRead(ref sequence, 1 << 20, out var payload))
            list.Add(payload.ToArray());
        return list;
    }
}
