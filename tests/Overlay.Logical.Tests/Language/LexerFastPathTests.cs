using System.Net;
using System.Net.Sockets;
using Overlay.Logical;

namespace Overlay.Logical.Tests.Language;

/// <summary>
/// The lexer reads common constants (dotted quads, MACs, escape-free strings) without the general parsers and lexes
/// into a per-thread buffer; these pin that the short cuts agree with the general way and that reuse leaks nothing.
/// </summary>
public class LexerFastPathTests
{
    // Random dotted words of 1-4 digits per part, some with leading zeros or parts over 255: whatever the lexer
    // accepts must be what IPAddress reads, and it must accept exactly the all-decimal quads IPAddress accepts.
    [Fact]
    public void Dotted_quads_agree_with_IPAddress()
    {
        var rng = new Random(4242);
        for (int n = 0; n < 20_000; n++)
        {
            var parts = new string[4];
            for (int p = 0; p < 4; p++)
            {
                int len = rng.Next(1, 5);
                var chars = new char[len];
                for (int k = 0; k < len; k++) chars[k] = (char)('0' + (rng.Next(4) == 0 ? rng.Next(3) : rng.Next(10)));
                parts[p] = new string(chars);
            }
            string text = string.Join('.', parts);
            bool expectOk = IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork;
            var r = Lexer.Tokenize(text);
            Assert.True(expectOk == r.Ok, $"{text}: IPAddress {expectOk}, lexer {r.Error}");
            if (!expectOk)
            {
                Assert.Equal("invalid IPv4 address", r.Error!.Message);
                continue;
            }
            var t = r.Value![0];
            Assert.Equal(IntFormat.IPv4, t.Format);
            Assert.Equal((UInt128)(uint)IPAddress.NetworkToHostOrder((int)BitConverter.ToUInt32(ip!.GetAddressBytes())), t.Value);
            Assert.Equal(text, t.Text);
        }
    }

    [Theory]
    [InlineData("1.2.3", "invalid IPv4 address")]
    [InlineData("1.2.3.4.5", "invalid IPv4 address")]
    [InlineData("1.2.3.", "invalid IPv4 address")]
    [InlineData("256.0.0.1", "invalid IPv4 address")]
    [InlineData("1.2.3.a", "invalid IPv4 address")]
    public void Malformed_quads_fail(string text, string message)
    {
        var r = Lexer.Tokenize(text);
        Assert.False(r.Ok);
        Assert.Equal(message, r.Error!.Message);
        Assert.Equal(1, r.Error.Column);
    }

    [Theory]
    [InlineData("00:00:00:00:00:00", 0x0UL)]
    [InlineData("ff:FF:fF:Ff:ff:ff", 0xffffffffffffUL)]
    [InlineData("0a:1B:2c:3D:4e:5F", 0x0a1b2c3d4e5fUL)]
    public void Macs_read_in_either_case(string text, ulong value)
    {
        var t = Lexer.Tokenize(text).Value![0];
        Assert.Equal(IntFormat.Ethernet, t.Format);
        Assert.Equal((UInt128)value, t.Value);
        Assert.Equal(text, t.Text);
    }

    [Theory]
    [InlineData("\"lsp-1\"", "lsp-1")]
    [InlineData("\"\"", "")]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"x\\\\y\\n\"", "x\\y\n")]
    [InlineData("\"\\u0041z\"", "Az")]
    public void Strings_with_and_without_escapes(string text, string value)
    {
        var toks = Lexer.Tokenize(text + " == inport").Value!;
        Assert.Equal(TokenKind.String, toks[0].Kind);
        Assert.Equal(value, toks[0].Text);
        Assert.Equal(text.Length + 2, toks[1].Column);
    }

    [Fact]
    public void Unterminated_string_after_an_escape_fails_at_its_quote()
    {
        var r = LogicalSyntax.ParseMatch("inport == \"a\\\"b");
        Assert.False(r.Ok);
        Assert.Equal(11, r.Error!.Column);
        Assert.Equal("unterminated string", r.Error.Message);
    }

    [Fact]
    public void Shared_names_compare_by_value()
    {
        var a = LogicalSyntax.ParseMatch("reg0[1] && ip4.dst == 10.0.0.1").Value!;
        var b = LogicalSyntax.ParseMatch(new string("reg0[1] && ip4.dst == 10.0.0.1".ToCharArray())).Value!;
        Assert.Equal(a, b);
        Assert.Equal("reg0[1] && ip4.dst == 10.0.0.1", Formatter.Format(a));
    }

    // A long match grows the thread's buffer past what it keeps; the next short parse on that thread must see only
    // its own tokens, and a failed parse must leave nothing behind either.
    [Fact]
    public void Buffer_reuse_leaks_no_tokens_between_parses()
    {
        string big = string.Join(" || ", Enumerable.Range(0, 3000).Select(i => $"reg0 == {i}"));
        var r = LogicalSyntax.ParseMatch(big);
        Assert.True(r.Ok, r.Error?.ToString());
        Assert.Equal(3000, ((OrExpr)r.Value!).Terms.Count);

        Assert.False(LogicalSyntax.ParseMatch("ip4 && (tcp").Ok);
        var small = LogicalSyntax.ParseMatch("ip4");
        Assert.Equal("ip4", Formatter.Format(small.Value!));
        var empty = LogicalSyntax.ParseMatch("");
        Assert.Equal("empty match; use 1 to match every packet", empty.Error!.Message);
        var acts = LogicalSyntax.ParseActions("");
        Assert.True(acts.Ok);
        Assert.Empty(acts.Value!);
        Assert.Equal(3, Lexer.Tokenize("a b").Value!.Count);
    }

    [Fact]
    public void Parallel_parses_give_the_sequential_results()
    {
        var texts = Enumerable.Range(0, 2000)
            .Select(i => i % 3 == 0 ? $"ip4.src == 10.{i % 256}.0.{i % 200} && tcp.dst == {i}"
                : i % 3 == 1 ? $"inport == \"lsp-{i}\" && eth.src == {{00:00:00:00:{i % 100:D2}:01, 02:00:00:00:00:{i % 90:D2}}}"
                : $"reg0[{i % 32}] == 1 && ip4.dst == {i % 256}.1.2.3/{8 + i % 24}x")
            .ToArray();
        static string Result(string t)
        {
            var r = LogicalSyntax.ParseMatch(t);
            return r.Ok ? Formatter.Format(r.Value!) : r.Error!.ToString();
        }
        var sequential = texts.Select(Result).ToArray();
        var parallel = new string[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Result(texts[i]));
        Assert.Equal(sequential, parallel);
        Assert.Contains(sequential, s => s.StartsWith("column", StringComparison.Ordinal));
    }
}
