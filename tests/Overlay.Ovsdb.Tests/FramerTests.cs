using System.Text;
using Overlay.Ovsdb.JsonRpc;

namespace Overlay.Ovsdb.Tests;

public class FramerTests
{
    // Chosen to contain what trips naive framers: braces and quotes inside strings, escapes, nesting, unicode.
    private static readonly string[] Messages =
    [
        """{"id":1,"result":["Open_vSwitch","_Server"],"error":null}""",
        """{"method":"update","params":["m1",{"Interface":{"36bcfb4e-b6bc-4a4b-a8b1-f22e45a5e1b9":{"new":{"name":"a}b{c","external_ids":["map",[["iface-id","lp\"1\\"]]]}}}}],"id":null}""",
        """{"method":"echo","params":[],"id":"echo"}""",
        """{"id":2,"result":[{"rows":[{"name":"snow \u2603 and ☃","n":-1.5e3,"b":true,"z":null}]}],"error":null}""",
    ];

    private static readonly byte[] Stream = Encoding.UTF8.GetBytes(string.Join("", Messages));

    [Fact]
    public void Every_message_split_at_every_byte_offset_comes_out_whole()
    {
        foreach (string message in Messages)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(message);
            for (int split = 0; split <= bytes.Length; split++)
            {
                var framer = new JsonValueFramer(initialCapacity: 16);
                framer.Append(bytes.AsSpan(0, split));
                if (split < bytes.Length)
                {
                    Assert.False(framer.TryRead(out _), $"complete message reported after {split} of {bytes.Length} bytes");
                    Assert.Equal(split, framer.BufferedBytes);
                }
                framer.Append(bytes.AsSpan(split));
                Assert.True(framer.TryRead(out var framed), $"message lost when split at {split}");
                Assert.Equal(message, Encoding.UTF8.GetString(framed.Span));
                Assert.False(framer.TryRead(out _));
                Assert.Equal(0, framer.BufferedBytes);
            }
        }
    }

    [Fact]
    public void Concatenated_stream_split_at_every_offset_yields_all_messages_in_order()
    {
        for (int split = 0; split <= Stream.Length; split++)
        {
            var framer = new JsonValueFramer(initialCapacity: 16);
            var got = new List<string>();
            framer.Append(Stream.AsSpan(0, split));
            Drain(framer, got);
            framer.Append(Stream.AsSpan(split));
            Drain(framer, got);
            Assert.Equal(Messages, got);
        }
    }

    [Fact]
    public void Byte_at_a_time_yields_all_messages()
    {
        var framer = new JsonValueFramer(initialCapacity: 16);
        var got = new List<string>();
        foreach (byte b in Stream)
        {
            framer.Append([b]);
            Drain(framer, got);
        }
        Assert.Equal(Messages, got);
    }

    [Fact]
    public void Several_messages_in_one_buffer_with_whitespace_between()
    {
        var framer = new JsonValueFramer();
        framer.Append(Encoding.UTF8.GetBytes("\n " + string.Join("\r\n\t ", Messages) + "\n"));
        var got = new List<string>();
        Drain(framer, got);
        Assert.Equal(Messages, got);
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Theory]
    [InlineData("{\"id\":1,,}", "malformed JSON")]
    [InlineData("{\"id\":1}}", "malformed JSON")]
    [InlineData("{\"id\":1} null", "got null")]
    [InlineData("[1,2]", "got an array")]
    [InlineData("\"hello\" ", "got a string")]
    [InlineData("42 ", "got a number")]
    [InlineData("{\"a\":tru}", "malformed JSON")]
    [InlineData("{'a':1}", "malformed JSON")]
    public void Malformed_input_is_a_protocol_error_with_a_reason(string input, string reason)
    {
        var framer = new JsonValueFramer();
        framer.Append(Encoding.UTF8.GetBytes(input));
        var error = Assert.Throws<OvsdbProtocolException>(() =>
        {
            while (framer.TryRead(out _))
            {
            }
        });
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_a_protocol_error()
    {
        var framer = new JsonValueFramer();
        framer.Append([.. "{\"s\":\""u8, 0xC3, 0x28, .. "\"}"u8]);
        Assert.Contains("invalid UTF-8", Assert.Throws<OvsdbProtocolException>(() => framer.TryRead(out _)).Message);
    }

    [Fact]
    public void Message_over_the_limit_is_rejected_before_it_ends()
    {
        var framer = new JsonValueFramer(maxMessageBytes: 64);
        framer.Append(Encoding.UTF8.GetBytes("{\"result\":\"" + new string('x', 100)));
        var error = Assert.Throws<OvsdbProtocolException>(() => framer.TryRead(out _));
        Assert.Contains("exceeds 64 bytes", error.Message);
    }

    [Fact]
    public void Buffer_grows_for_a_message_larger_than_its_capacity()
    {
        string big = "{\"result\":\"" + new string('y', 100_000) + "\"}";
        var framer = new JsonValueFramer(initialCapacity: 16);
        byte[] bytes = Encoding.UTF8.GetBytes(big);
        for (int i = 0; i < bytes.Length; i += 1000)
        {
            Assert.False(framer.TryRead(out _));
            framer.Append(bytes.AsSpan(i, Math.Min(1000, bytes.Length - i)));
        }
        Assert.True(framer.TryRead(out var framed));
        Assert.Equal(big.Length, framed.Length);
    }

    private static void Drain(JsonValueFramer framer, List<string> into)
    {
        while (framer.TryRead(out var message))
            into.Add(Encoding.UTF8.GetString(message.Span));
    }
}
