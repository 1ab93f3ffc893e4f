using Overlay.Cli.Input;
using Overlay.Northd.Compiler.Nb;

namespace Overlay.Cli.Tests.Input;

public class NbYamlTests
{
    private static NbDatabase Ok(string yaml)
    {
        var r = NbYaml.Load(yaml, "t.yaml");
        Assert.True(r.Ok, "expected success, got:\n" + string.Join("\n", r.Diagnostics));
        return r.Database!;
    }

    private static IReadOnlyList<NbDiagnostic> Fails(string yaml)
    {
        var r = NbYaml.Load(yaml, "t.yaml");
        Assert.False(r.Ok);
        Assert.NotEmpty(r.Diagnostics);
        return r.Diagnostics;
    }

    private static NbDiagnostic FailsOnce(string yaml)
    {
        var all = Fails(yaml);
        Assert.True(all.Count == 1, "expected one problem, got:\n" + string.Join("\n", all));
        return all[0];
    }

    private static NbDatabase Script(string text)
    {
        var r = NbScript.Load(text, "t.nbctl");
        Assert.True(r.Ok, string.Join("\n", r.Diagnostics));
        return r.Database!;
    }

    [Fact]
    public void Loads_every_kind_of_object_like_the_equivalent_script()
    {
        var yaml = Ok("""
            switches:
              - name: sw0
                ports:
                  - name: sw0-port1
                    addresses: ["50:54:00:00:00:01 10.0.0.3"]
                    port_security: ["50:54:00:00:00:01 10.0.0.3"]
                    enabled: false
                  - name: sw0-lr0
                    type: router
                    router_port: lr0-sw0
                    addresses: [router]
                acls:
                  - {direction: from-lport, priority: 1000, match: "ip4.src == 10.0.0.99", action: drop, name: no-99}
            routers:
              - name: lr0
                ports:
                  - {name: lr0-sw0, mac: "00:00:00:00:ff:01", networks: ["10.0.0.1/24"]}
                  - {name: lr0-lr1, mac: "00:00:00:00:ff:09", networks: ["20.0.0.1/30"], peer: lr1-lr0}
                static_routes:
                  - {prefix: 30.0.0.0/24, nexthop: 20.0.0.2}
                  - {prefix: 10.0.0.0/24, nexthop: 20.0.0.2, output_port: lr0-lr1, policy: src-ip}
              - name: lr1
                ports:
                  - {name: lr1-lr0, mac: "00:00:00:00:ff:0a", networks: ["20.0.0.2/30"], peer: lr0-lr1}
            address_sets:
              - {name: as_web, addresses: ["10.0.0.3", "10.0.0.4"]}
            port_groups:
              - name: pg_web
                ports: [sw0-port1]
                acls:
                  - {direction: to-lport, priority: 1002, match: "outport == @pg_web && ip4.src == $as_web", action: allow-related}
            """);
        var script = Script("""
            ls-add sw0
            lr-add lr0
            lr-add lr1
            lsp-add sw0 sw0-port1
            lsp-set-addresses sw0-port1 "50:54:00:00:00:01 10.0.0.3"
            lsp-set-port-security sw0-port1 "50:54:00:00:00:01 10.0.0.3"
            lsp-set-enabled sw0-port1 disabled
            lsp-add sw0 sw0-lr0 -- lsp-set-type sw0-lr0 router -- lsp-set-options sw0-lr0 router-port=lr0-sw0 -- lsp-set-addresses sw0-lr0 router
            lrp-add lr0 lr0-sw0 00:00:00:00:ff:01 10.0.0.1/24
            lrp-add lr0 lr0-lr1 00:00:00:00:ff:09 20.0.0.1/30 peer=lr1-lr0
            lr-route-add lr0 30.0.0.0/24 20.0.0.2
            --policy=src-ip lr-route-add lr0 10.0.0.0/24 20.0.0.2 lr0-lr1
            lrp-add lr1 lr1-lr0 00:00:00:00:ff:0a 20.0.0.2/30 peer=lr0-lr1
            create Address_Set name=as_web addresses=10.0.0.3,10.0.0.4
            pg-add pg_web sw0-port1
            --name=no-99 acl-add sw0 from-lport 1000 'ip4.src == 10.0.0.99' drop
            acl-add pg_web to-lport 1002 'outport == @pg_web && ip4.src == $as_web' allow-related
            """);
        Assert.Equal(script, yaml);
    }

    [Fact]
    public void An_empty_file_is_an_empty_topology()
    {
        var db = Ok("");
        Assert.Empty(db.Switches);
        Assert.Equal(1, db.Revision);
        Assert.Empty(Ok("# nothing yet\n").Routers);
    }

    [Fact]
    public void Unknown_keys_are_reported_with_path_key_and_position()
    {
        var d = FailsOnce("""
            switches:
              - name: sw0
                ports:
                  - name: p1
                    adresses: ["50:54:00:00:00:01"]
            """);
        Assert.Equal(("switches[0].ports[0]", "adresses"), (d.Object, d.Field));
        Assert.Contains("unknown key; expected one of name, type, router_port, options, addresses, port_security, enabled", d.Message);
        Assert.Equal("t.yaml:5:9", d.Location!.ToString());
        Assert.Contains("unknown key", FailsOnce("switchs: []").Message);
    }

    [Fact]
    public void Wrong_types_are_reported()
    {
        var all = Fails("""
            switches:
              - name: sw0
                ports:
                  - name: p1
                    addresses: "50:54:00:00:00:01 10.0.0.3"
                    enabled: maybe
                acls:
                  - {direction: to-lport, priority: high, match: ip4, action: drop}
            routers: {name: lr0}
            """);
        Assert.Contains(all, d => d is { Object: "switches[0].ports[0]", Field: "addresses", Value: "50:54:00:00:00:01 10.0.0.3" }
            && d.Message == "expected a list of strings" && d.Location!.ToString() == "t.yaml:5:20");
        Assert.Contains(all, d => d is { Object: "switches[0].ports[0]", Field: "enabled", Value: "maybe" } && d.Message == "expected true or false");
        Assert.Contains(all, d => d is { Object: "switches[0].acls[0]", Field: "priority", Value: "high" } && d.Message == "expected an integer"
            && d.Location!.ToString() == "t.yaml:8:41");
        Assert.Contains(all, d => d is { Field: "routers" } && d.Message == "expected a list" && d.Location!.Line == 9);
        Assert.Equal(4, all.Count);
    }

    [Fact]
    public void Missing_required_fields_are_reported_at_the_mapping()
    {
        var all = Fails("""
            switches:
              - ports: []
            routers:
              - name: lr0
                ports:
                  - {name: a, networks: ["10.0.0.1/24"]}
                static_routes:
                  - {prefix: 0.0.0.0/0}
            """);
        Assert.Contains(all, d => d is { Object: "switches[0]", Field: "name" } && d.Message == "missing required field" && d.Location!.ToString() == "t.yaml:2:5");
        Assert.Contains(all, d => d is { Object: "routers[0].ports[0]", Field: "mac" } && d.Location!.ToString() == "t.yaml:6:9");
        Assert.Contains(all, d => d is { Object: "routers[0].static_routes[0]", Field: "nexthop" } && d.Location!.Line == 8);
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public void Yaml_syntax_errors_and_duplicate_keys_have_a_position()
    {
        var d = FailsOnce("switches:\n  - name: sw0\n    ports: [a\n");
        Assert.Equal("t.yaml", d.Location!.File);
        Assert.True(d.Location.Line >= 3);
        var dup = FailsOnce("switches:\n  - name: sw0\n    name: sw1\n");
        Assert.Contains("Duplicate key", dup.Message);
        Assert.Equal(3, dup.Location!.Line);
        Assert.Contains("expected a mapping", FailsOnce("- a\n- b\n").Message);
    }

    [Fact]
    public void Validation_problems_point_at_the_yaml_that_caused_them()
    {
        var all = Fails("""
            switches:
              - name: sw0
                ports:
                  - name: sw0-port1
                    addresses: ["50:54:00:00:00:0z 10.0.0.3"]
                  - name: sw0-lr0
                    type: router
                    options: {router-port: lr0-nope}
                acls:
                  - {direction: to-lport, priority: 40000, match: "ip4 && $nope", action: drop}
            routers:
              - name: lr0
                ports:
                  - {name: lr0-sw0, mac: "00:00:00:00:ff:01", networks: ["10.0.0.1/24"]}
                static_routes:
                  - {prefix: 30.0.0.0/24, nexthop: 20.0.0.50}
            """);
        string At(string obj, string field) => all.Single(d => d.Object == obj && d.Field == field).Location!.ToString();
        Assert.Equal("t.yaml:5:20", At("lsp sw0-port1", "addresses"));
        Assert.Equal("t.yaml:8:18", At("lsp sw0-lr0", "options:router-port"));
        Assert.Equal("t.yaml:10:9", At("ls sw0 acl to-lport 40000 (ip4 && $nope)", "priority"));
        Assert.Equal("t.yaml:16:9", At("lr lr0 route 30.0.0.0/24", "nexthop"));
        Assert.Contains(all, d => d.Field == "match" && d.Location!.Line == 10);
        Assert.Equal(5, all.Count);
    }

    [Fact]
    public void Duplicate_names_in_yaml_are_command_errors_with_their_position()
    {
        var d = FailsOnce("switches:\n  - name: sw0\n  - name: sw0\n");
        Assert.Equal(("ls sw0", "name", "sw0"), (d.Object, d.Field, d.Value));
        Assert.Equal("t.yaml:3:11", d.Location!.ToString());
    }

    [Fact]
    public void Router_port_shorthand_and_options_must_agree()
    {
        var d = FailsOnce("""
            switches:
              - name: sw0
                ports:
                  - {name: p, type: router, router_port: a, options: {router-port: b}}
            """);
        Assert.Equal(("switches[0].ports[0]", "router_port", "a"), (d.Object, d.Field, d.Value));
        Assert.Contains("conflicts with options:router-port \"b\"", d.Message);
    }
}
