#!/usr/bin/env python3
"""Loads the compile benchmark's tenant topology (tests/Overlay.Benchmarks/TenantTopology.cs) into an OVN NB with ovn-nbctl.
Usage: load-tenants.py NB_REMOTE FIRST LAST  (tenants FIRST..LAST-1, one ovn-nbctl transaction each)."""
import subprocess, sys
db, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def mac(t, s, p): return f"0a:{t>>8:02x}:{t&0xff:02x}:{s:02x}:{p>>8:02x}:{p&0xff:02x}"
def ip(s, p): return f"10.0.{s}.{p+10}"

for t in range(first, last):
    cmds = [["lr-add", f"lr-t{t}"]]
    members = []
    for s in range(4):
        sw = f"ls-t{t}-s{s}"
        cmds.append(["ls-add", sw])
        for p in range(25):
            vif = f"vif-t{t}-s{s}-p{p}"
            addr = f"{mac(t, s, p)} {ip(s, p)}"
            cmds += [["lsp-add", sw, vif], ["lsp-set-addresses", vif, addr], ["lsp-set-port-security", vif, addr]]
            members.append(vif)
        lrp, rp = f"lrp-t{t}-s{s}", f"rp-t{t}-s{s}"
        cmds.append(["lrp-add", f"lr-t{t}", lrp, f"02:00:{t>>8:02x}:{t&0xff:02x}:{s:02x}:01", f"10.0.{s}.1/24"])
        cmds += [["lsp-add", sw, rp], ["lsp-set-type", rp, "router"], ["lsp-set-addresses", rp, "router"],
                 ["lsp-set-options", rp, f"router-port={lrp}"]]
    pg, aset = f"pg_t{t}", f"as_t{t}"
    cmds.append(["create", "Address_Set", f"name={aset}", "addresses=" + ",".join(f'"{ip(0, p)}"' for p in range(25))])
    cmds.append(["pg-add", pg] + members)
    acls = [("to-lport", 1000, f"outport == @{pg} && ip4 && ip4.src == ${aset}", "allow-related"),
            ("to-lport", 999, f"outport == @{pg} && ip4 && tcp.dst == 22", "allow"),
            ("to-lport", 998, f"outport == @{pg} && ip4 && tcp.dst == {{80, 443}}", "allow"),
            ("to-lport", 997, f"outport == @{pg} && icmp4", "allow"),
            ("to-lport", 900, f"outport == @{pg} && ip4", "drop"),
            ("from-lport", 1000, f"inport == @{pg} && ip4", "allow-related"),
            ("from-lport", 900, f"inport == @{pg} && udp.dst == 53", "allow")]
    for d, prio, m, a in acls:
        cmds.append(["--type=port-group", "acl-add", pg, d, str(prio), m, a])
    cmds += [["lr-route-add", f"lr-t{t}", "0.0.0.0/0", "10.0.0.254"], ["lr-route-add", f"lr-t{t}", "192.168.0.0/16", "10.0.1.254"]]
    argv = ["ovn-nbctl", f"--db={db}"]
    for i, c in enumerate(cmds):
        if i: argv.append("--")
        argv += c
    subprocess.run(argv, check=True)
