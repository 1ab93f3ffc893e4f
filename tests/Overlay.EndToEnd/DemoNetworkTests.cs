using Overlay.TestSupport;

namespace Overlay.EndToEnd;

/// <summary>The sandbox's demo files agree with each other (no processes, no namespaces).</summary>
public sealed class DemoNetworkTests
{
    [Fact]
    public void Every_placed_vm_is_a_port_of_the_demo_script_with_the_same_mac_and_ip_and_port_security()
    {
        IReadOnlyList<string> words = OverlayDeployment.ScriptWords(DemoNetwork.Script);
        List<List<string>> commands = [[]];
        foreach (string w in words)
        {
            if (w == "--")
                commands.Add([]);
            else
                commands[^1].Add(w);
        }

        IReadOnlyList<VmPlacement> vms = DemoNetwork.ReadPlacement(DemoNetwork.Placement);
        Assert.Equal(7, vms.Count);
        Assert.All(vms, vm => Assert.InRange(int.Parse(vm.Host[2..], System.Globalization.CultureInfo.InvariantCulture), 1, DemoNetwork.Hosts));
        foreach (VmPlacement vm in vms)
        {
            string expected = $"{vm.Mac} {vm.IpCidr.Split('/')[0]}";
            Assert.Contains(commands, c => c is ["lsp-add", _, var name] && name == vm.Name);
            Assert.Contains(commands, c => c is ["lsp-set-addresses", var name, var a] && name == vm.Name && a == expected);
            Assert.Contains(commands, c => c is ["lsp-set-port-security", var name, var a] && name == vm.Name && a == expected);
        }
    }

    [Fact]
    public void Script_words_follow_shell_quoting_and_chain_lines_with_double_dash()
    {
        Assert.Equal(["lsp-set-addresses", "p1", "50:54:00:00:00:01 10.0.0.3"],
            OverlayDeployment.SplitShell("lsp-set-addresses p1 \"50:54:00:00:00:01 10.0.0.3\""));
        Assert.Equal(["acl-add", "sw", "to-lport", "1", "outport == \"p\"", "drop"],
            OverlayDeployment.SplitShell("acl-add sw to-lport 1 'outport == \"p\"' drop"));
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["# comment", "ovn-nbctl ls-add a", "", "ls-add b -- ls-add c"]);
            Assert.Equal(["ls-add", "a", "--", "ls-add", "b", "--", "ls-add", "c"], OverlayDeployment.ScriptWords(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
