#!/usr/bin/env python3
"""Writes the fuzzers' seed inputs from the project's own test data: the conformance
suites, the lab's zones, the rule files. scripts/fuzz.sh runs it when a target has no
corpus yet; the corpora kept in Tests/fuzz/corpus are these seeds plus what the fuzzer
found, minimised (scripts/fuzz.sh --minimise)."""
import hashlib, json, os, re, struct, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Tests/fuzz/corpus")
conf = os.path.join(root, "Tests/conformance")
seeds = {}

def add(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    seeds.setdefault(target, set()).add(data)

def load(path):
    with open(os.path.join(conf, path), encoding="utf-8") as f:
        return json.load(f)

spf = load("spf/rfc7208-tests.json")
for scenario in spf["scenarios"]:
    lines = []
    for name, records in scenario.get("zonedata", {}).items():
        for record in records:
            if isinstance(record, dict):
                for kind, value in record.items():
                    if kind in ("TXT", "SPF"):
                        text = value if isinstance(value, str) else "".join(value)
                        add("spf-record", text)
                        for term in text.split():
                            if "%" in term:
                                add("spf-macro", term.split(":", 1)[-1].split("=", 1)[-1])
                        lines.append(text.replace("\n", " "))
    add("spf-eval", "\n".join(lines[:10]))
for case in load("dmarc/dmarc-record-vectors.json")["cases"]:
    add("dmarc", case["record"])
for case in load("dkim/dkim-key-vectors.json")["cases"]:
    add("dkim", case["record"])
mta = load("mtasts/mtasts-vectors.json")
for case in mta["txt_record"]:
    add("mta-sts-txt", case["record"])
for case in mta["policy"]:
    add("mta-sts-policy", case["policy"])
for case in load("cel/basic.json")["cases"]:
    add("cel", case["expr"])
for folder in ("rules", "rules/profiles"):
    for name in sorted(os.listdir(os.path.join(root, folder))):
        if name.endswith(".yaml"):
            text = open(os.path.join(root, folder, name), encoding="utf-8").read()
            add("profile" if folder.endswith("profiles") else "rule-file", text)
            if folder == "rules":
                for expr in re.findall(r'^\s+(?:check|when): "(.*)"$', text, re.M):
                    add("cel", expr.replace('\\"', '"'))
psl = [l for l in open(os.path.join(conf, "psl/public_suffix_list.dat"), encoding="utf-8").read().splitlines()
       if l and not l.startswith("//")]
for line in open(os.path.join(conf, "psl/tests.txt"), encoding="utf-8"):
    parts = line.split()
    if len(parts) == 2 and not line.startswith("//") and parts[0] != "null":
        add("psl", parts[0] + "\n" + "\n".join(psl[:40] + ["*.ck", "!www.ck", "com", "co.uk"]))
        add("domain-name", parts[0])
for zone in sorted(os.listdir(os.path.join(root, "Tests/lab/zones"))):
    for text in re.findall(r'TXT\s+(".*")', open(os.path.join(root, "Tests/lab/zones", zone), encoding="utf-8").read()):
        joined = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))
        for kind, prefix in (("spf-record", "v=spf1"), ("dmarc", "v=DMARC1"), ("dkim", "v=DKIM1"), ("mta-sts-txt", "v=STSv1"),
                             ("tls-rpt", "v=TLSRPTv1"), ("bimi", "v=BIMI1")):
            if joined.startswith(prefix):
                add(kind, joined)
add("tls-rpt", "v=TLSRPTv1; rua=mailto:tlsrpt@example.org,https://report.example.org/v1")
add("bimi", "v=BIMI1; l=https://example.org/logo.svg; a=https://example.org/vmc.pem")
for reply in (b"220 mx.example.org ESMTP Postfix\r\n",
              b"250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n",
              b"220-first\r\n220-second\r\n220 last\r\n", b"421 4.3.2 too busy\r\n", b"250 OK\n"):
    add("smtp-reply", reply)
for name in ("example.org", "EXAMPLE.org.", "xn--bcher-kva.example", "b\u00fccher.example", "a..b", "[192.0.2.1]"):
    add("domain-name", name)

def dns_name(name):
    return b"".join(bytes([len(l)]) + l.encode() for l in name.strip(".").split(".")) + b"\0"

def message(rcode, qtype, answers, ede=None):
    header = struct.pack("!HHHHHH", 0x1234, 0x8180 | rcode, 1, len(answers), 0, 1 if ede is not None else 0)
    body = dns_name("fuzz.test") + struct.pack("!HH", qtype, 1)
    for rtype, rdata in answers:
        body += b"\xc0\x0c" + struct.pack("!HHIH", rtype, 1, 300, len(rdata)) + rdata
    if ede is not None:
        option = struct.pack("!HHH", 15, 2 + len(ede[1]), ede[0]) + ede[1]
        body += b"\0" + struct.pack("!HHIH", 41, 1232, 0x8000, len(option)) + option
    return header + body

add("dns-message", message(0, 16, [(16, b"\x0fv=spf1 -all xyz")]))
add("dns-message", message(0, 15, [(15, b"\x00\x0a" + dns_name("mx.fuzz.test"))]))
add("dns-message", message(0, 1, [(5, dns_name("alias.fuzz.test")), (1, b"\xc0\x00\x02\x01")]))
add("dns-message", message(0, 52, [(52, b"\x03\x01\x01" + bytes(range(32)))]))
add("dns-message", message(2, 15, [], (6, b"validation failure")))
add("dns-message", message(3, 16, []))

for target, items in seeds.items():
    folder = os.path.join(out, target)
    os.makedirs(folder, exist_ok=True)
    for data in items:
        with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)
print(" ".join(f"{t}:{len(v)}" for t, v in sorted(seeds.items())))
