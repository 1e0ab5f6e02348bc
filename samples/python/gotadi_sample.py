#!/usr/bin/env python3
"""Gotadi B2B2C webview: a partner server's side, in Python.

Needs only the standard library and `cryptography` (Debian: python3-cryptography).

    python3 gotadi_sample.py PACK.json demo               # the whole journey
    python3 gotadi_sample.py PACK.json login USER [flight|hotel]
    python3 gotadi_sample.py PACK.json redirect URL       # your payment page
    python3 gotadi_sample.py PACK.json commit BOOKING [PARTNER_TRANS_ID]
    python3 gotadi_sample.py PACK.json check BOOKING      # query-trans, polling
    python3 gotadi_sample.py PACK.json detail BOOKING

PACK.json is the connection pack Gotadi (or gtd-mock --demo) gives you. The
environment variables GTD_PARTNER_KEY and GTD_GOTADI_KEY name other key files
(PEM or .NET XML <RSAKeyValue>); GTD_POLL_SECONDS is the first polling delay.
"""
import base64
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, modes

try:  # cryptography >= 43 keeps 3DES among the "decrepit" algorithms
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # Debian 12's cryptography 38
    from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import padding as sym_padding

# Your settings.
GATEWAY_URL = ""  # the gateway; empty: the pack's (gtd-console export fills it in)
PARTNER_KEY_FILE = "partner.pem"  # your private key, when the pack names none (Gotadi's packs never do)

# ---------------------------------------------------------------------------
# The messages (thông điệp), as data: every field in its order, "?" marks an
# optional field (sent empty, never left out), "!" a field an answer with
# error code 00, 01 or 02 must carry (another code may leave it empty).
#
# CLASSIC MISTAKE 2, field order of the signature data (dữ liệu ký): the
# signature covers the fields joined by "|" in exactly this order, WITHOUT
# the signature field. The signature then goes at its own place in the
# original data (dữ liệu gốc): last in requests, but BEFORE total_amount in
# place-order and in the commit/query-trans answers.
# ---------------------------------------------------------------------------
SCHEMAS = {
    "login-request": ["access_code", "user_id", "layout?", "product", "signature"],
    "login-response": ["access_code", "error_code", "redirect_url?", "signature"],
    "place-order": ["access_code", "booking_number?", "product_type?", "signature", "total_amount?"],
    "commit-request": ["access_code", "booking_number", "partner_trans_id?", "product_type", "signature"],
    "commit-response": ["access_code", "booking_number!", "error_code", "product_type?", "properties?",
                        "return_url?", "signature", "total_amount!"],
    "query-trans-request": ["access_code", "booking_number", "signature"],
    "query-trans-response": ["access_code", "booking_number!", "error_code", "product_type?", "properties?",
                             "return_url?", "signature", "total_amount!"],
}

# Every error code (mã lỗi) and what the app does: "retry" later (with
# back-off), "show" the user the outcome, "stop" and fix the integration.
CODES = {
    "00": ("Success", "Thành công", "done"),
    "01": ("Being processed", "Đang xử lý", "retry"),  # poll query-trans
    "02": ("Processed, failed", "Đã xử lý, thất bại", "show"),  # payment or issuance failed
    "03": ("Agency account authentication failed", "Xác thực tài khoản đại lý thất bại", "stop"),
    "04": ("Invalid signature", "Chữ ký không hợp lệ", "stop"),  # keys, field order, alphabet
    "05": ("Decryption failed", "Giải mã thất bại", "stop"),  # not Gotadi's public key
    "06": ("Invalid access code", "Mã truy cập không hợp lệ", "stop"),
    "07": ("Malformed data", "Dữ liệu sai định dạng", "stop"),
    "08": ("Already processed (duplicate)", "Đã được xử lý (trùng lặp)", "show"),  # ask query-trans
    "09": ("Not yet processed", "Chưa được xử lý", "retry"),
    "10": ("Account information not found", "Không tìm thấy thông tin tài khoản", "show"),
    "99": ("Other error", "Lỗi khác", "retry"),
}
# HTTP statuses that are not 200: 500 and 503 pass, anything else is ours to fix.
HTTP_ACTION = {400: "stop", 401: "stop", 403: "stop", 404: "stop", 500: "retry", 503: "retry"}


def action(code):
    return CODES.get(code, ("Unknown code", "Mã không xác định", "stop"))[2]


def bare(name):
    """A schema's field name without its marker ("?" or "!")."""
    return name.rstrip("?!")


def describe(code):
    name = CODES.get(code, ("Unknown code",))[0]
    return f"{code} {name} -> {action(code)}"


# ---------------------------------------------------------------------------
# CLASSIC MISTAKE 1, the two base64 alphabets (bảng mã base64):
#   key and data  -> URL-safe base64 ("-" and "_") WITHOUT "=" padding;
#   signature     -> STANDARD base64 ("+" and "/") WITH "=" padding.
# Mixing them up gives 05 (decryption failed) or 04 (invalid signature).
# When receiving, accept both alphabets, padded or not.
# ---------------------------------------------------------------------------
def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def b64std(raw):
    return base64.b64encode(raw).decode("ascii")


def b64any(text):
    if not re.fullmatch(r"[A-Za-z0-9+/_-]*={0,2}", text):
        raise ValueError("not base64")
    text = text.rstrip("=").replace("-", "+").replace("_", "/")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


# ---------------------------------------------------------------------------
# Keys: PEM (SPKI, PKCS#1 or PKCS#8) or .NET XML <RSAKeyValue> (khóa XML),
# whose elements are base64 big-endian integers.
# ---------------------------------------------------------------------------
def load_key(text, private):
    if "<RSAKeyValue" in text:
        xml = ET.fromstring(text.strip())
        num = {e.tag: int.from_bytes(base64.b64decode("".join(e.text.split())), "big") for e in xml}
        pub = rsa.RSAPublicNumbers(num["Exponent"], num["Modulus"])
        if not private:
            return pub.public_key()
        return rsa.RSAPrivateNumbers(num["P"], num["Q"], num["D"], num["DP"], num["DQ"],
                                     num["InverseQ"], pub).private_key()
    data = text.encode("ascii")
    if private:
        return serialization.load_pem_private_key(data, password=None)
    if b"PRIVATE KEY" in data:
        return serialization.load_pem_private_key(data, password=None).public_key()
    return serialization.load_pem_public_key(data)


def read_file(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class Refused(Exception):
    """An answer that is not a success: the code (or HTTP status) and what to do."""

    def __init__(self, code, what, act):
        super().__init__(f"{code} {what} -> {act}")
        self.code, self.action = code, act


# ---------------------------------------------------------------------------
# The envelope (phong bì): {"key": K, "data": D}.
# ---------------------------------------------------------------------------
class Envelope:
    def __init__(self, my_private, their_public):
        self.my_private = my_private  # signs what we send, decrypts what we get
        self.their_public = their_public  # encrypts our 3DES key, verifies Gotadi

    def seal(self, fields, schema):
        names = SCHEMAS[schema]
        values = [str(fields.get(bare(n), "")) for n in names if n != "signature"]
        for n, v in zip([n for n in names if n != "signature"], values):
            if "|" in v or (not n.endswith("?") and v == ""):
                raise ValueError(f"{schema}: bad value for {n}")
        signature_data = "|".join(values).encode("utf-8")
        # CLASSIC MISTAKE 3: the signature is SHA256withRSA, i.e. RSASSA-PKCS1-v1_5
        # over SHA-256 (chữ ký SHA256withRSA), not PSS, not SHA-1, not a raw hash.
        signature = b64std(self.my_private.sign(signature_data, padding.PKCS1v15(), hashes.SHA256()))
        values.insert(names.index("signature"), signature)
        original = "|".join(values).encode("utf-8")
        k = os.urandom(24)  # a fresh 3DES key (khóa phiên) for every message
        padder = sym_padding.PKCS7(64).padder()  # PKCS#5 = PKCS#7 on 8-byte blocks
        enc = Cipher(TripleDES(k), modes.ECB()).encryptor()  # DESede/ECB/PKCS5Padding
        data = enc.update(padder.update(original) + padder.finalize()) + enc.finalize()
        key = self.their_public.encrypt(k, padding.PKCS1v15())  # "RSA" = RSA/ECB/PKCS1Padding
        return {"key": b64url(key), "data": b64url(data)}

    def open(self, body, schema):
        """Opens and verifies an envelope; raises Refused with the code the gateway would give."""
        names = SCHEMAS[schema]
        try:
            k = self.my_private.decrypt(b64any(body["key"]), padding.PKCS1v15())
            if len(k) == 16:
                k += k[:8]  # two-key 3DES
            dec = Cipher(TripleDES(k), modes.ECB()).decryptor()
            padded = dec.update(b64any(body["data"])) + dec.finalize()
            unpadder = sym_padding.PKCS7(64).unpadder()
            original = (unpadder.update(padded) + unpadder.finalize()).decode("utf-8")
        except (ValueError, KeyError, TypeError) as e:
            raise Refused("05", f"cannot decrypt {schema}: {e}", "stop")
        values = original.split("|")
        if len(values) != len(names):
            raise Refused("07", f"{schema}: {len(values)} fields, want {len(names)}", "stop")
        signature = values.pop(names.index("signature"))
        plain = [n for n in names if n != "signature"]
        try:
            self.their_public.verify(b64any(signature), "|".join(values).encode("utf-8"),
                                     padding.PKCS1v15(), hashes.SHA256())
        except Exception:
            raise Refused("04", f"{schema}: signature does not verify", "stop")
        opened = {bare(n): v for n, v in zip(plain, values)}
        # "!": a processed booking (00, 01, 02) is always named, with its amount.
        if opened.get("error_code") in ("00", "01", "02"):
            for n in plain:
                if n.endswith("!") and opened[bare(n)] == "":
                    raise Refused("07", f"{schema}: {bare(n)} is empty with error code {opened['error_code']}",
                                  "stop")
        return opened


# ---------------------------------------------------------------------------
# The partner's calls to the gateway.
# ---------------------------------------------------------------------------
class Gotadi:
    def __init__(self, pack_path):
        pack = json.loads(read_file(pack_path))
        self.gateway = (GATEWAY_URL or pack["gateway_url"]).rstrip("/")
        self.api_key = pack["api_key"]
        self.access_code = pack["access_code"]
        self.partner_id = pack.get("partner_id", "")
        mine = os.environ.get("GTD_PARTNER_KEY") or pack.get("partner_private_key_path") or PARTNER_KEY_FILE
        theirs = read_file(os.environ["GTD_GOTADI_KEY"]) if os.environ.get("GTD_GOTADI_KEY") \
            else pack["gotadi_public_key"]
        self.envelope = Envelope(load_key(read_file(mine), True), load_key(theirs, False))

    def http(self, method, path, body=None, headers=None):
        req = urllib.request.Request(self.gateway + path, method=method, headers=headers or {},
                                     data=None if body is None else json.dumps(body).encode())
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return json.loads(r.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            raise Refused(f"HTTP {e.code}", "from the gateway", HTTP_ACTION.get(e.code, "stop"))

    def call(self, api, fields, request, response):
        fields = dict(fields, access_code=fields.get("access_code", self.access_code))
        body = self.envelope.seal(fields, request)
        answer = self.envelope.open(self.http("POST", f"/api/partner/{api}", body, {
            "apikey": self.api_key, "x-ibe-req-name": self.access_code,
            "Content-Type": "application/json"}), response)
        if answer["access_code"] != self.access_code:
            raise Refused("06", "the answer is for another access code", "stop")
        return answer

    def login(self, user_id, product="flight", layout="dual", access_code=None):
        """Returns the webview URL to open in the app (đăng nhập)."""
        a = self.call("login", {"user_id": user_id, "product": product, "layout": layout,
                                "access_code": access_code or self.access_code},
                      "login-request", "login-response")
        if a["error_code"] != "00":
            raise Refused(a["error_code"], CODES.get(a["error_code"], ("?",))[0], action(a["error_code"]))
        return a["redirect_url"]

    def on_payment_redirect(self, url):
        """Your payment page: Gotadi sends the browser to PAYMENT_URL?key=K?data=D
        (or &data=D). Verify it before taking any money; the amount is VND."""
        m = re.search(r"[?&]key=([^?&]*)[?&]data=([^?&]*)", url)
        if not m:
            raise Refused("07", "no key and data in the redirect", "stop")
        body = {"key": urllib.parse.unquote(m.group(1)), "data": urllib.parse.unquote(m.group(2))}
        order = self.envelope.open(body, "place-order")
        if order["access_code"] != self.access_code:
            raise Refused("06", "place-order for another access code", "stop")
        # Gotadi documents these three as optional: without them there is
        # nothing to charge or commit, so the page stops here.
        for n in ("booking_number", "product_type", "total_amount"):
            if order[n] == "":
                raise Refused("07", f"place-order: {n} is empty", "stop")
        return order

    def commit(self, booking, partner_trans_id="", product_type="AIR"):
        """Tell Gotadi the booking is paid (xác nhận thanh toán)."""
        return self.call("commit", {"booking_number": booking, "partner_trans_id": partner_trans_id,
                                    "product_type": product_type}, "commit-request", "commit-response")

    def query(self, booking):
        return self.call("query-trans", {"booking_number": booking},
                         "query-trans-request", "query-trans-response")

    def check(self, booking, first_delay=None, tries=10):
        """Check commit result with the journey's rule: finished iff payment
        FAILED, or payment and issuance both SUCCEEDED; otherwise poll with
        back-off (1 s, 2 s, 4 s... capped at 30 s)."""
        delay = float(first_delay or os.environ.get("GTD_POLL_SECONDS", "1"))
        for attempt in range(tries):
            a = self.query(booking)
            st = properties(a["properties"])
            if finished(st) or action(a["error_code"]) == "stop":
                return a, st
            print(f"  check {booking}: {describe(a['error_code'])}, polling again in {delay:g} s",
                  file=sys.stderr)
            time.sleep(delay)
            delay = min(delay * 2, 30)
        return a, st

    def detail(self, booking):
        """Booking detail (chi tiết đặt chỗ): plain JSON, apikey header only."""
        q = urllib.parse.urlencode({"booking_number": booking})
        return self.http("GET", f"/api/products/booking-detail?{q}", headers={"apikey": self.api_key})


def properties(text):
    """properties is a JSON object text, as Gotadi documents it:
    {"status":"BOOKED","paymentStatus":"SUCCEEDED","issuedStatus":"SUCCEEDED"};
    empty when the answer carries no booking. Anything else is refused as
    malformed (07), never guessed at."""
    if not text:
        return {}
    try:
        st = json.loads(text)
    except ValueError:
        st = None
    if not isinstance(st, dict):
        raise Refused("07", f"properties is not a JSON object: {text}", "stop")
    return st


def finished(st):
    pay, issued = st.get("paymentStatus"), st.get("issuedStatus")
    return pay == "FAILED" or (pay == "SUCCEEDED" and issued == "SUCCEEDED")


def show_check(booking, a, st):
    state = "finished" if finished(st) else "not finished"
    print(f"check {booking}: {describe(a['error_code'])}, payment {st.get('paymentStatus')}, "
          f"issuance {st.get('issuedStatus')}, {state}")


def show_detail(booking, d):
    i = d["bookingInfo"]
    print(f"detail {booking}: status {i['status']}, payment {i['paymentStatus']}, issuance {i['issuedStatus']}")


# ---------------------------------------------------------------------------
# The demo: the whole journey against gtd-mock --demo.
# ---------------------------------------------------------------------------
def mock_user_books(g, webview_url):
    """What the user does in the webview, done through gtd-mock's control API
    (mock only: the real gateway has no /__gtd/). Returns the redirect URL."""
    token = urllib.parse.parse_qs(urllib.parse.urlparse(webview_url).query)["access_token"][0]
    booking = mock_hold(g)
    order = g.http("GET", f"/api/partner/place-order?bookingNumber={booking}",
                   headers={"Authorization": f"Bearer {token}"})
    return order["result"]


def mock_hold(g):
    held = g.http("POST", "/__gtd/bookings", {"partner": g.partner_id, "amount": 1850000})
    return held["bookingNumber"]


def refused(klass, what, call):
    try:
        call()
        print(f"refused ({klass}): {what}: accepted?!")
    except Refused as r:
        print(f"refused ({klass}): {what}: {r}")


def demo(g):
    url = g.login("u1", "flight")
    print(f"login u1: webview {url}")
    order = g.on_payment_redirect(mock_user_books(g, url))
    b = order["booking_number"]
    print(f"payment page: booking {b} {order['product_type']}, {order['total_amount']} VND, signature verified")
    # gtd-issue-async asks the mock for a ticket issued later, so the check polls.
    c = g.commit(b, "gtd-issue-async", order["product_type"])
    print(f"commit {b}: {describe(c['error_code'])}")
    a, st = g.check(b)
    show_check(b, a, st)
    show_detail(b, g.detail(b))

    def one_shot_code(a):
        if a["error_code"] != "00":
            raise Refused(a["error_code"], CODES[a["error_code"]][0], action(a["error_code"]))

    other = mock_hold(g)
    refused("retry", f"query-trans {other} before its commit", lambda: one_shot_code(g.query(other)))
    refused("show", "commit ADCO2601010000999", lambda: one_shot_code(g.commit("ADCO2601010000999")))
    refused("stop", "login with another access code", lambda: g.login("u1", access_code="WRONG-CODE"))


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    g = Gotadi(argv[1])
    cmd, args = argv[2], argv[3:]
    try:
        if cmd == "demo":
            demo(g)
        elif cmd == "login":
            print(f"login {args[0]}: webview {g.login(args[0], *args[1:2])}")
        elif cmd == "redirect":
            o = g.on_payment_redirect(args[0])
            print(f"payment page: booking {o['booking_number']} {o['product_type']}, "
                  f"{o['total_amount']} VND, signature verified")
        elif cmd == "commit":
            print(f"commit {args[0]}: {describe(g.commit(*args)['error_code'])}")
        elif cmd == "check":
            show_check(args[0], *g.check(args[0]))
        elif cmd == "detail":
            show_detail(args[0], g.detail(args[0]))
        elif cmd == "tables":  # the tables above, to compare with the kit's
            for name, fields in SCHEMAS.items():
                print(f"schema\t{name}\t{'|'.join(fields)}")
            for code, (en, vi, act) in CODES.items():
                print(f"code\t{code}\t{en}\t{vi}\t{act}")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except Refused as r:
        print(f"{cmd}: {r}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
