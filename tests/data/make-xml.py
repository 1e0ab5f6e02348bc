#!/usr/bin/env python3
"""Writes kat1024.xml and kat1024.pub.xml from kat1024.pem with openssl's text
dump, independently of the C code that reads them.  The XML is laid out as
.NET's samples are (indented, elements in .NET order for the private key,
shuffled for the public one) to exercise a tolerant reader."""
import base64, re, subprocess

text = subprocess.run(["openssl", "rsa", "-in", "kat1024.pem", "-text", "-noout"],
                      capture_output=True, text=True, check=True).stdout
names = {"modulus": "Modulus", "publicExponent": "Exponent", "privateExponent": "D",
         "prime1": "P", "prime2": "Q", "exponent1": "DP", "exponent2": "DQ",
         "coefficient": "InverseQ"}
values = {}
for m in re.finditer(r"^(\w+):\s*((?:\n\s+[0-9a-f:]+)+|\d+ \(0x[0-9a-f]+\))", text, re.M):
    key, body = m.group(1), m.group(2)
    if key not in names:
        continue
    if "(0x" in body:
        n = int(body.split()[0])
    else:
        n = int(re.sub(r"[\s:]", "", body), 16)
    values[names[key]] = base64.b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).decode()

def xml(order):
    body = "".join(f"  <{t}>{values[t]}</{t}>\n" for t in order)
    return f"<RSAKeyValue>\n{body}</RSAKeyValue>\n"

open("kat1024.xml", "w").write(xml(["Modulus", "Exponent", "P", "Q", "DP", "DQ", "InverseQ", "D"]))
open("kat1024.pub.xml", "w").write(xml(["Exponent", "Modulus"]))
