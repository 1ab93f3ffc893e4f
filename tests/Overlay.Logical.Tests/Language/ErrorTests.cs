using Overlay.Logical;

namespace Overlay.Logical.Tests.Language;

/// <summary>Every error names the column and the offending token.</summary>
public class ErrorTests
{
    [Theory]
    [InlineData("ip4 && tcp || udp", 12, "||", "must not be mixed")]
    [InlineData("ip4.src == 10.0.0.300", 12, "10.0.0.300", "invalid IPv4")]
    [InlineData("eth.src == 50:54:00:00:00:0z", 12, "50:54:00:00:00:0z", "invalid")]
    [InlineData("ip4.dst == 10.0.0.0/33", 21, "33", "longer than 32 bits")]
    [InlineData("ip4.dst == 10.0.0.1/24", 12, "10.0.0.1/24", "outside the mask")]
    [InlineData("ip4 & tcp", 5, "&", "'&&'")]
    [InlineData("ip4.src == ", 12, "", "before end of input")]
    [InlineData("inport == \"p1", 11, "\"", "unterminated string")]
    [InlineData("!arp.op == 1", 1, "!", "needs parentheses")]
    [InlineData("(ip4 && tcp", 12, "", "')'")]
    [InlineData("reg0[5..2] == 1", 9, "2", "reversed")]
    [InlineData("tcp.dst == 080", 12, "080", "leading zeros")]
    [InlineData("ip4 tcp", 5, "tcp", "unexpected token")]
    public void Syntax_errors_name_column_and_token(string text, int column, string token, string message)
    {
        var r = LogicalSyntax.ParseMatch(text);
        Assert.False(r.Ok);
        Assert.Equal(column, r.Error!.Column);
        Assert.Equal(token, r.Error.Token);
        Assert.Contains(message, r.Error.Message);
    }

    [Theory]
    [InlineData("ip9.src == 1", "ip9.src", "unknown field")]
    [InlineData("tcp.dst == 65536", "65536", "does not fit in 16-bit")]
    [InlineData("ip.proto < 6", "ip.proto", "nominal")]
    [InlineData("reg0", "reg0", "32 bits wide")]
    [InlineData("inport == 5", "5", "port name in quotes")]
    [InlineData("ip4.src == \"x\"", "\"x\"", "string cannot be compared")]
    [InlineData("ip4.src == @pg", "@pg", "only be compared with inport or outport")]
    [InlineData("inport == $as", "$as", "cannot be compared")]
    [InlineData("reg0[32] == 1", "reg0", "beyond the 32-bit")]
    [InlineData("ip4 == 1", "ip4", "predicate")]
    [InlineData("is_local(\"p\")", "is_local", "unknown function")]
    public void Type_errors_name_the_token(string text, string token, string message)
    {
        var r = LogicalSyntax.ParseMatch(text);
        Assert.False(r.Ok);
        Assert.Equal(token, r.Error!.Token);
        Assert.Contains(message, r.Error.Message);
        Assert.Equal(text.IndexOf(token, StringComparison.Ordinal) + 1, r.Error.Column);
    }

    [Theory]
    [InlineData("next", "';' after action")]
    [InlineData("ip4.src = \"p\";", "takes an integer")]
    [InlineData("outport = 3;", "port name in quotes")]
    [InlineData("ip.proto--;", "only to ip.ttl")]
    [InlineData("reg0 = eth.src;", "cannot assign 48-bit")]
    [InlineData("ct_state = 1;", "read-only")]
    [InlineData("eth.src <-> ip4.src;", "cannot exchange")]
    [InlineData("frobnicate(reg0);", "unknown action")]
    [InlineData("arp { output; ", "'}'")]
    [InlineData("next(pipeline=sideways);", "ingress or egress")]
    [InlineData("reg0 = {1, 2};", "single constant")]
    public void Action_errors_are_reported(string text, string message)
    {
        var r = LogicalSyntax.ParseActions(text);
        Assert.False(r.Ok);
        Assert.Contains(message, r.Error!.Message);
        Assert.True(r.Error.Column >= 1);
    }

    [Fact]
    public void Checker_reports_every_problem_not_just_the_first()
    {
        var parsed = ExprParser.Parse("foo == 1 && bar == 2 && tcp.dst == 70000");
        Assert.True(parsed.Ok);
        var errors = Checker.CheckMatch(parsed.Value!, SymbolTable.Default, "foo == 1 && bar == 2 && tcp.dst == 70000");
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Empty_match_is_an_error_but_empty_actions_mean_drop()
    {
        Assert.False(LogicalSyntax.ParseMatch("").Ok);
        var acts = LogicalSyntax.ParseActions("/* drop */");
        Assert.True(acts.Ok);
        Assert.Empty(acts.Value!);
    }
}
