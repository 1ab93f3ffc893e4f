using static Overlay.Northd.Compiler.Nb.Tests.Script;

namespace Overlay.Northd.Compiler.Nb.Tests;

public class SwitchValidationTests
{
    private const string Port = "ls-add sw0\nlsp-add sw0 p1\n";

    [Theory]
    [InlineData("50:54:00:00:00:01")]
    [InlineData("50:54:00:00:00:01 10.0.0.3")]
    [InlineData("50:54:00:00:00:01 10.0.0.3 fd00::3 10.0.0.4/24")]
    [InlineData("unknown")]
    [InlineData("  50:54:00:00:00:01   10.0.0.3 ")]
    public void Valid_addresses(string address) => Ok(Port + $"lsp-set-addresses p1 '{address}'");

    [Theory]
    [InlineData("50:54:00:00:00:0z 10.0.0.3", "invalid MAC address '50:54:00:00:00:0z'")]
    [InlineData("50:54:00:00:00 10.0.0.3", "invalid MAC address '50:54:00:00:00'")]
    [InlineData("10.0.0.3", "a MAC address must come first, before '10.0.0.3'")]
    [InlineData("50:54:00:00:00:01 10.0.0.300", "invalid IP address '10.0.0.300'")]
    [InlineData("50:54:00:00:00:01 010.0.0.3", "invalid IP address '010.0.0.3'")]
    [InlineData("50:54:00:00:00:01 10.0.0.3/33", "'10.0.0.3/33': prefix length 33 is longer than 32 bits")]
    [InlineData("50:54:00:00:00:01 fd00::1::2", "invalid IP address 'fd00::1::2'")]
    [InlineData("50:54:00:00:00:01,10.0.0.3", "invalid MAC address '50:54:00:00:00:01,10.0.0.3'")]
    [InlineData("50:54:00:00:00:01 unknown", "invalid IP address 'unknown'")]
    [InlineData("router", "\"router\" is only valid on type=router ports")]
    [InlineData("dynamic", "dynamic addresses (IPAM) are not supported")]
    [InlineData("", "an address must not be empty")]
    public void Invalid_addresses_name_port_field_and_element(string address, string message)
    {
        var d = FailsOnce(Port + $"lsp-set-addresses p1 '{address}'");
        Assert.Equal(("lsp p1", "addresses", address), (d.Object, d.Field, d.Value));
        Assert.Contains(message, d.Message);
        Assert.Equal("t.nbctl:3", d.Location!.ToString());
    }

    [Theory]
    [InlineData("50:54:00:00:00:01")]
    [InlineData("50:54:00:00:00:01 10.0.0.3")]
    [InlineData("50:54:00:00:00:01 10.0.0.3,10.0.0.4 192.168.1.0/24")]
    [InlineData("80:fa:5b:06:72:b7 192.168.1.10/24 fd00::/64")]
    public void Valid_port_security(string entry) => Ok(Port + $"lsp-set-port-security p1 '{entry}'");

    [Theory]
    [InlineData("10.0.0.3 50:54:00:00:00:01", "a MAC address must come first")]
    [InlineData("50:54:00:00:00:01 10.0.0", "invalid IP address '10.0.0'")]
    [InlineData("50:54:00:00:00:01 10.0.0.0/40", "prefix length 40 is longer than 32 bits")]
    [InlineData("zz", "invalid MAC address 'zz'")]
    [InlineData(" , ", "must not be empty")]
    public void Invalid_port_security(string entry, string message)
    {
        var d = FailsOnce(Port + $"lsp-set-port-security p1 '{entry}'");
        Assert.Equal(("lsp p1", "port_security", entry), (d.Object, d.Field, d.Value));
        Assert.Contains(message, d.Message);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var all = Fails(Port + "lsp-set-addresses p1 '50:54:00:00:00:0z 10.0.0.3' '50:54:00:00:00:01 10.0.0.999'\nlsp-set-port-security p1 zz");
        Assert.Equal(3, all.Count);
        Has(all, "lsp p1", "addresses", "50:54:00:00:00:0z 10.0.0.3", "invalid MAC address");
        Has(all, "lsp p1", "addresses", "50:54:00:00:00:01 10.0.0.999", "invalid IP address '10.0.0.999'");
        Has(all, "lsp p1", "port_security", "zz", "invalid MAC address");
    }

    [Fact]
    public void Router_type_port_needs_a_router_port_option()
    {
        var d = FailsOnce(Port + "lsp-set-type p1 router");
        Assert.Equal(("lsp p1", "options:router-port", ""), (d.Object, d.Field, d.Value));
        Assert.Contains("needs options:router-port", d.Message);
    }

    [Fact]
    public void Router_port_option_must_name_an_existing_router_port()
    {
        var d = FailsOnce(Port + "lsp-set-type p1 router\nlsp-set-options p1 router-port=lr0-nope");
        Assert.Equal(("lsp p1", "options:router-port", "lr0-nope"), (d.Object, d.Field, d.Value));
        Assert.Contains("router port lr0-nope does not exist", d.Message);
        Assert.Equal("t.nbctl:4", d.Location!.ToString());
    }

    [Fact]
    public void Deleting_an_attached_router_port_leaves_a_dangling_reference()
    {
        var d = FailsOnce("lrp-del lr0-sw0", Ok(Base));
        Assert.Equal(("lsp sw0-lr0", "options:router-port", "lr0-sw0"), (d.Object, d.Field, d.Value));
        Assert.Contains("does not exist", d.Message);
        Ok("lsp-del sw0-lr0 -- lrp-del lr0-sw0", Ok(Base));
    }

    [Fact]
    public void A_router_port_attaches_to_at_most_one_switch_port()
    {
        var d = FailsOnce(Base + "\nls-add sw1\nlsp-add sw1 sw1-lr0 -- lsp-set-type sw1-lr0 router -- lsp-set-options sw1-lr0 router-port=lr0-sw0");
        Assert.Equal(("lsp sw1-lr0", "options:router-port", "lr0-sw0"), (d.Object, d.Field, d.Value));
        Assert.Contains("already attached to switch port sw0-lr0", d.Message);
    }

    [Fact]
    public void A_router_port_option_on_a_vif_is_an_error()
    {
        var d = FailsOnce(Base + "\nlsp-set-options sw0-port1 router-port=lr0-sw0");
        Assert.Equal(("lsp sw0-port1", "options:router-port", "lr0-sw0"), (d.Object, d.Field, d.Value));
        Assert.Contains("only type=router ports attach to a router port", d.Message);
    }

    [Fact]
    public void Duplicate_ipv4_on_one_switch_names_both_ports()
    {
        var d = FailsOnce(Port + "lsp-add sw0 p2\nlsp-set-addresses p1 '50:54:00:00:00:01 10.0.0.5'\nlsp-set-addresses p2 '50:54:00:00:00:02 10.0.0.5/24'");
        Assert.Equal(("lsp p2", "addresses", "50:54:00:00:00:02 10.0.0.5/24"), (d.Object, d.Field, d.Value));
        Assert.Contains("duplicate IPv4 address 10.0.0.5: port p1 on switch sw0 has it too", d.Message);
        // On different switches the same address is fine.
        Ok("ls-add sw0\nls-add sw1\nlsp-add sw0 p1\nlsp-add sw1 p2\nlsp-set-addresses p1 '50:54:00:00:00:01 10.0.0.5'\nlsp-set-addresses p2 '50:54:00:00:00:02 10.0.0.5'");
    }

    [Fact]
    public void A_vif_using_the_router_address_is_a_duplicate()
    {
        var d = FailsOnce(Base + "\nlsp-add sw0 p9 -- lsp-set-addresses p9 '50:54:00:00:00:09 10.0.0.1'");
        // Ports are checked in name order: p9 claims 10.0.0.1 first, then the router port's address clashes.
        Assert.Equal(("lsp sw0-lr0", "addresses", "router"), (d.Object, d.Field, d.Value));
        Assert.Contains("duplicate IPv4 address 10.0.0.1: port p9 on switch sw0 has it too", d.Message);
    }
}
