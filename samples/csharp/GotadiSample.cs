// Gotadi B2B2C webview: a partner server's side, in C# with
// System.Security.Cryptography only. Builds with Mono (mcs) and with .NET 6+.
//
//   mcs -out:GotadiSample.exe GotadiSample.cs
//   mono GotadiSample.exe PACK.json demo               (the whole journey)
//   mono GotadiSample.exe PACK.json login USER [flight|hotel]
//   mono GotadiSample.exe PACK.json redirect URL       (your payment page)
//   mono GotadiSample.exe PACK.json commit BOOKING [PARTNER_TRANS_ID]
//   mono GotadiSample.exe PACK.json check BOOKING      (query-trans, polling)
//   mono GotadiSample.exe PACK.json detail BOOKING
//
// PACK.json is the connection pack Gotadi (or gtd-mock --demo) gives you. The
// environment variables GTD_PARTNER_KEY and GTD_GOTADI_KEY name other key
// files (PEM or .NET XML <RSAKeyValue>); GTD_POLL_SECONDS is the first
// polling delay.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

public sealed class Refused : Exception
{
    public readonly string Code, Action;

    public Refused(string code, string what, string action) : base(code + " " + what + " -> " + action)
    {
        Code = code;
        Action = action;
    }

    public static Refused Of(string code)
    {
        return new Refused(code, GotadiSample.Name(code), GotadiSample.ActionOf(code));
    }
}

// The envelope (phong bì): {"key": K, "data": D}.
public sealed class Envelope
{
    readonly RSA myPrivate;   // signs what we send, decrypts what we get
    readonly RSA theirPublic; // encrypts our 3DES key, verifies Gotadi

    public Envelope(RSA myPrivate, RSA theirPublic)
    {
        this.myPrivate = myPrivate;
        this.theirPublic = theirPublic;
    }

    public Dictionary<string, string> Seal(IDictionary<string, string> fields, string schema)
    {
        string[] names = GotadiSample.Schemas[schema];
        var values = new List<string>();
        foreach (string n in names)
        {
            if (n == "signature") continue;
            string v;
            if (!fields.TryGetValue(GotadiSample.Bare(n), out v)) v = "";
            if (v.Contains("|") || (!n.EndsWith("?") && v == ""))
                throw new ArgumentException(schema + ": bad value for " + n);
            values.Add(v);
        }
        byte[] signatureData = Encoding.UTF8.GetBytes(string.Join("|", values));
        // CLASSIC MISTAKE 3: the signature is SHA256withRSA, i.e. RSASSA-PKCS1-v1_5
        // over SHA-256 (chữ ký SHA256withRSA), not PSS, not SHA-1, not a raw hash.
        byte[] signature = myPrivate.SignData(signatureData, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        values.Insert(Array.IndexOf(names, "signature"), Convert.ToBase64String(signature));
        byte[] original = Encoding.UTF8.GetBytes(string.Join("|", values));

        byte[] k = new byte[24]; // a fresh 3DES key (khóa phiên) for every message
        using (var random = RandomNumberGenerator.Create()) random.GetBytes(k);
        byte[] data;
        using (var des = TripleDes(k))
        using (var enc = des.CreateEncryptor())
            data = enc.TransformFinalBlock(original, 0, original.Length);
        byte[] key = theirPublic.Encrypt(k, RSAEncryptionPadding.Pkcs1); // Java's RSA/ECB/PKCS1Padding
        return new Dictionary<string, string> { { "key", GotadiSample.B64Url(key) }, { "data", GotadiSample.B64Url(data) } };
    }

    // DESede/ECB/PKCS5Padding: ECB has no IV; PKCS#7 on 8-byte blocks is PKCS#5.
    static TripleDES TripleDes(byte[] k)
    {
        var des = TripleDES.Create();
        des.Mode = CipherMode.ECB;
        des.Padding = PaddingMode.PKCS7;
        des.Key = k; // 24 bytes, or 16 for two-key 3DES
        return des;
    }

    // Opens and verifies an envelope; throws Refused with the code the gateway would give.
    public Dictionary<string, string> Open(IDictionary<string, string> body, string schema)
    {
        string[] names = GotadiSample.Schemas[schema];
        string original;
        try
        {
            byte[] k = myPrivate.Decrypt(GotadiSample.B64Any(body["key"]), RSAEncryptionPadding.Pkcs1);
            byte[] data = GotadiSample.B64Any(body["data"]);
            using (var des = TripleDes(k))
            using (var dec = des.CreateDecryptor())
                original = new UTF8Encoding(false, true).GetString(dec.TransformFinalBlock(data, 0, data.Length));
        }
        catch (Exception e)
        {
            throw new Refused("05", "cannot decrypt " + schema + ": " + e.Message, "stop");
        }
        var values = new List<string>(original.Split('|'));
        if (values.Count != names.Length)
            throw new Refused("07", schema + ": " + values.Count + " fields, want " + names.Length, "stop");
        int at = Array.IndexOf(names, "signature");
        string signature = values[at];
        values.RemoveAt(at);
        bool ok;
        try
        {
            ok = theirPublic.VerifyData(Encoding.UTF8.GetBytes(string.Join("|", values)), GotadiSample.B64Any(signature),
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (Exception)
        {
            ok = false;
        }
        if (!ok) throw new Refused("04", schema + ": signature does not verify", "stop");
        var fields = new Dictionary<string, string>();
        int i = 0;
        foreach (string n in names)
            if (n != "signature") fields[GotadiSample.Bare(n)] = values[i++];
        // "!": a processed booking (00, 01, 02) is always named, with its amount.
        string code;
        if (fields.TryGetValue("error_code", out code) && (code == "00" || code == "01" || code == "02"))
        {
            foreach (string n in names)
                if (n.EndsWith("!") && fields[GotadiSample.Bare(n)] == "")
                    throw new Refused("07", schema + ": " + GotadiSample.Bare(n) + " is empty with error code " + code, "stop");
        }
        return fields;
    }
}

public static class GotadiSample
{
    // Your settings.
    static readonly string GatewayUrl = ""; // the gateway; empty: the pack's (gtd-console export fills it in)
    const string PartnerKeyFile = "partner.pem"; // your private key, when the pack names none (Gotadi's packs never do)

    // -----------------------------------------------------------------------
    // The messages (thông điệp), as data: every field in its order, "?" marks
    // an optional field (sent empty, never left out), "!" a field an answer
    // with error code 00, 01 or 02 must carry (another code may leave it empty).
    //
    // CLASSIC MISTAKE 2, field order of the signature data (dữ liệu ký): the
    // signature covers the fields joined by "|" in exactly this order, WITHOUT
    // the signature field. The signature then goes at its own place in the
    // original data (dữ liệu gốc): last in requests, but BEFORE total_amount
    // in place-order and in the commit/query-trans answers.
    // -----------------------------------------------------------------------
    static readonly string[] Answer = { "access_code", "booking_number!", "error_code", "product_type?", "properties?",
        "return_url?", "signature", "total_amount!" };

    public static readonly Dictionary<string, string[]> Schemas = new Dictionary<string, string[]>
    {
        { "login-request", new[] { "access_code", "user_id", "layout?", "product", "signature" } },
        { "login-response", new[] { "access_code", "error_code", "redirect_url?", "signature" } },
        { "place-order", new[] { "access_code", "booking_number?", "product_type?", "signature", "total_amount?" } },
        { "commit-request", new[] { "access_code", "booking_number", "partner_trans_id?", "product_type", "signature" } },
        { "commit-response", Answer },
        { "query-trans-request", new[] { "access_code", "booking_number", "signature" } },
        { "query-trans-response", Answer },
    };

    // A schema's field name without its marker ("?" or "!").
    public static string Bare(string name)
    {
        return name.TrimEnd('?', '!');
    }

    // Every error code (mã lỗi) and what the app does: "retry" later (with
    // back-off), "show" the user the outcome, "stop" and fix the integration.
    static readonly Dictionary<string, string[]> Codes = new Dictionary<string, string[]>
    {
        { "00", new[] { "Success", "Thành công", "done" } },
        { "01", new[] { "Being processed", "Đang xử lý", "retry" } }, // poll query-trans
        { "02", new[] { "Processed, failed", "Đã xử lý, thất bại", "show" } }, // payment or issuance failed
        { "03", new[] { "Agency account authentication failed", "Xác thực tài khoản đại lý thất bại", "stop" } },
        { "04", new[] { "Invalid signature", "Chữ ký không hợp lệ", "stop" } }, // keys, field order, alphabet
        { "05", new[] { "Decryption failed", "Giải mã thất bại", "stop" } }, // not Gotadi's public key
        { "06", new[] { "Invalid access code", "Mã truy cập không hợp lệ", "stop" } },
        { "07", new[] { "Malformed data", "Dữ liệu sai định dạng", "stop" } },
        { "08", new[] { "Already processed (duplicate)", "Đã được xử lý (trùng lặp)", "show" } }, // ask query-trans
        { "09", new[] { "Not yet processed", "Chưa được xử lý", "retry" } },
        { "10", new[] { "Account information not found", "Không tìm thấy thông tin tài khoản", "show" } },
        { "99", new[] { "Other error", "Lỗi khác", "retry" } },
    };

    public static string Name(string code)
    {
        string[] c;
        return Codes.TryGetValue(code, out c) ? c[0] : "Unknown code";
    }

    public static string ActionOf(string code)
    {
        string[] c;
        return Codes.TryGetValue(code, out c) ? c[2] : "stop";
    }

    static string Describe(string code)
    {
        return code + " " + Name(code) + " -> " + ActionOf(code);
    }

    // HTTP statuses that are not 200: 500 and 503 pass, anything else is ours to fix.
    static string HttpAction(int status)
    {
        return status == 500 || status == 503 ? "retry" : "stop";
    }

    // -----------------------------------------------------------------------
    // CLASSIC MISTAKE 1, the two base64 alphabets (bảng mã base64):
    //   key and data  -> URL-safe base64 ("-" and "_") WITHOUT "=" padding;
    //   signature     -> STANDARD base64 ("+" and "/") WITH "=" padding.
    // Mixing them up gives 05 (decryption failed) or 04 (invalid signature).
    // When receiving, accept both alphabets, padded or not.
    // -----------------------------------------------------------------------
    public static string B64Url(byte[] raw)
    {
        return Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static byte[] B64Any(string text)
    {
        string s = text.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
    }

    // -----------------------------------------------------------------------
    // Keys: .NET XML <RSAKeyValue> (khóa XML, what RSA.ToXmlString writes) or
    // PEM: SPKI, PKCS#8 or PKCS#1. Mono has no ImportFromPem (.NET 5+ has),
    // so a small DER reader takes the integers out.
    // -----------------------------------------------------------------------
    static RSA LoadKey(string text, bool isPrivate)
    {
        RSA rsa = RSA.Create();
        if (text.Contains("<RSAKeyValue"))
        {
            rsa.FromXmlString(text);
            return rsa;
        }
        var der = new Der(Convert.FromBase64String(Regex.Replace(text, "-----[A-Z ]+-----|\\s", "")));
        Der seq = der.Sequence();
        if (text.Contains("BEGIN PUBLIC KEY")) // SubjectPublicKeyInfo: the algorithm, then a BIT STRING
        {
            seq.Sequence();
            seq = new Der(seq.Next(0x03).Skip(1).ToArray()).Sequence();
        }
        else if (text.Contains("BEGIN PRIVATE KEY")) // PKCS#8: version, the algorithm, an OCTET STRING
        {
            seq.Next(0x02);
            seq.Sequence();
            seq = new Der(seq.Next(0x04)).Sequence();
        }
        var p = new RSAParameters();
        if (text.Contains("PRIVATE KEY"))
        {
            seq.Next(0x02); // version
            p.Modulus = seq.Int(0);
            p.Exponent = seq.Int(0);
            int half = (p.Modulus.Length + 1) / 2;
            // .NET wants D as long as the modulus, the rest half as long.
            p.D = seq.Int(p.Modulus.Length);
            p.P = seq.Int(half);
            p.Q = seq.Int(half);
            p.DP = seq.Int(half);
            p.DQ = seq.Int(half);
            p.InverseQ = seq.Int(half);
        }
        else
        {
            p.Modulus = seq.Int(0);
            p.Exponent = seq.Int(0);
        }
        if (isPrivate && p.D == null) throw new CryptographicException("not a private key");
        rsa.ImportParameters(p);
        return rsa;
    }

    // Just enough DER for RSA keys: tag, length, content.
    sealed class Der
    {
        readonly byte[] b;
        int i;

        public Der(byte[] b)
        {
            this.b = b;
        }

        public byte[] Next(int tag)
        {
            if (b[i++] != tag) throw new CryptographicException("unexpected DER tag");
            int len = b[i++];
            if (len > 0x80)
            {
                int n = len & 0x7f;
                len = 0;
                while (n-- > 0) len = len * 256 + b[i++];
            }
            byte[] content = new byte[len];
            Array.Copy(b, i, content, 0, len);
            i += len;
            return content;
        }

        public Der Sequence()
        {
            return new Der(Next(0x30));
        }

        // An unsigned big-endian integer, left-padded with zeros to size bytes.
        public byte[] Int(int size)
        {
            byte[] v = Next(0x02).SkipWhile(x => x == 0).ToArray();
            if (v.Length >= size) return v;
            var padded = new byte[size];
            Array.Copy(v, 0, padded, size - v.Length, v.Length);
            return padded;
        }
    }

    // -----------------------------------------------------------------------
    // JSON: Mono has no System.Text.Json, so these helpers read the few
    // members the sample needs. On .NET 6+ use System.Text.Json instead.
    // -----------------------------------------------------------------------
    static string JsonString(string json, string name)
    {
        Match m = Regex.Match(json, "\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
        return m.Success ? Regex.Unescape(m.Groups[1].Value) : null;
    }

    static string JsonBody(IDictionary<string, string> m)
    {
        return "{" + string.Join(",", m.Select(e => "\"" + e.Key + "\":\"" + e.Value + "\"")) + "}"; // base64: no escaping
    }

    // -----------------------------------------------------------------------
    // The partner's calls to the gateway.
    // -----------------------------------------------------------------------
    static string gateway, apiKey, accessCode, partnerId;
    static Envelope envelope;

    static void LoadPack(string path)
    {
        string pack = File.ReadAllText(path, Encoding.UTF8);
        gateway = (GatewayUrl != "" ? GatewayUrl : JsonString(pack, "gateway_url")).TrimEnd('/');
        apiKey = JsonString(pack, "api_key");
        accessCode = JsonString(pack, "access_code");
        partnerId = JsonString(pack, "partner_id");
        string mine = Environment.GetEnvironmentVariable("GTD_PARTNER_KEY") ?? JsonString(pack, "partner_private_key_path")
            ?? PartnerKeyFile;
        string theirsFile = Environment.GetEnvironmentVariable("GTD_GOTADI_KEY");
        string theirs = theirsFile != null ? File.ReadAllText(theirsFile) : JsonString(pack, "gotadi_public_key");
        envelope = new Envelope(LoadKey(File.ReadAllText(mine), true), LoadKey(theirs, false));
    }

    // HTTP with HttpWebRequest, which Debian's mono-mcs has without extra
    // packages; it still works on .NET 6+, where HttpClient is the usual choice.
    static string Send(string method, string url, string body, IDictionary<string, string> headers)
    {
        var req = (HttpWebRequest)WebRequest.Create(url);
        req.Method = method;
        req.Timeout = 30000;
        if (headers != null)
            foreach (var h in headers) req.Headers[h.Key] = h.Value;
        if (body != null)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            req.ContentType = "application/json";
            using (Stream s = req.GetRequestStream()) s.Write(bytes, 0, bytes.Length);
        }
        HttpWebResponse r;
        try
        {
            r = (HttpWebResponse)req.GetResponse();
        }
        catch (WebException e)
        {
            var failed = e.Response as HttpWebResponse;
            if (failed == null) throw new Refused("HTTP", e.Message, "retry");
            r = failed;
        }
        using (r)
        {
            int status = (int)r.StatusCode;
            if (status != 200 && status != 201) throw new Refused("HTTP " + status, "from the gateway", HttpAction(status));
            using (var reader = new StreamReader(r.GetResponseStream(), Encoding.UTF8)) return reader.ReadToEnd();
        }
    }

    static Dictionary<string, string> Call(string api, Dictionary<string, string> fields, string request, string response)
    {
        if (!fields.ContainsKey("access_code")) fields["access_code"] = accessCode;
        string answer = Send("POST", gateway + "/api/partner/" + api, JsonBody(envelope.Seal(fields, request)),
            new Dictionary<string, string> { { "apikey", apiKey }, { "x-ibe-req-name", accessCode } });
        var a = envelope.Open(new Dictionary<string, string> { { "key", JsonString(answer, "key") ?? "" },
            { "data", JsonString(answer, "data") ?? "" } }, response);
        if (a["access_code"] != accessCode) throw new Refused("06", "the answer is for another access code", "stop");
        return a;
    }

    // Returns the webview URL to open in the app (đăng nhập).
    static string Login(string userId, string product, string code)
    {
        var a = Call("login", new Dictionary<string, string> { { "access_code", code }, { "user_id", userId },
            { "layout", "dual" }, { "product", product } }, "login-request", "login-response");
        if (a["error_code"] != "00") throw Refused.Of(a["error_code"]);
        return a["redirect_url"];
    }

    // Your payment page: Gotadi sends the browser to PAYMENT_URL?key=K?data=D
    // (or &data=D). Verify it before taking any money; the amount is VND.
    // (Request.QueryString cannot split "?key=K?data=D": take the raw URL.)
    static Dictionary<string, string> OnPaymentRedirect(string url)
    {
        Match m = Regex.Match(url, "[?&]key=([^?&]*)[?&]data=([^?&]*)");
        if (!m.Success) throw new Refused("07", "no key and data in the redirect", "stop");
        var order = envelope.Open(new Dictionary<string, string> { { "key", Uri.UnescapeDataString(m.Groups[1].Value) },
            { "data", Uri.UnescapeDataString(m.Groups[2].Value) } }, "place-order");
        if (order["access_code"] != accessCode) throw new Refused("06", "place-order for another access code", "stop");
        // Gotadi documents these three as optional: without them there is
        // nothing to charge or commit, so the page stops here.
        foreach (string n in new[] { "booking_number", "product_type", "total_amount" })
            if (order[n] == "") throw new Refused("07", "place-order: " + n + " is empty", "stop");
        return order;
    }

    // Tell Gotadi the booking is paid (xác nhận thanh toán).
    static Dictionary<string, string> Commit(string booking, string partnerTransId, string productType)
    {
        return Call("commit", new Dictionary<string, string> { { "booking_number", booking },
            { "partner_trans_id", partnerTransId }, { "product_type", productType } }, "commit-request", "commit-response");
    }

    static Dictionary<string, string> Query(string booking)
    {
        return Call("query-trans", new Dictionary<string, string> { { "booking_number", booking } },
            "query-trans-request", "query-trans-response");
    }

    // properties is a JSON object text, as Gotadi documents it:
    // {"status":"BOOKED","paymentStatus":"SUCCEEDED","issuedStatus":"SUCCEEDED"};
    // empty when the answer carries no booking. Anything else is refused as
    // malformed (07), never guessed at.
    static Dictionary<string, string> Properties(string text)
    {
        if (text == "") return new Dictionary<string, string>();
        try
        {
            return new FlatJson(text).ReadObject();
        }
        catch (FormatException)
        {
            throw new Refused("07", "properties is not a JSON object: " + text, "stop");
        }
    }

    // A strict reader of a JSON object whose members are all strings, all that
    // properties holds: Mono has no JSON parser (on .NET 6+ use
    // System.Text.Json instead). Anything else throws FormatException.
    sealed class FlatJson
    {
        const string Escaped = "\"\\/bfnrt", Meant = "\"\\/\b\f\n\r\t";
        readonly string s;
        int i;

        public FlatJson(string s) { this.s = s; }

        public Dictionary<string, string> ReadObject()
        {
            var m = new Dictionary<string, string>();
            Expect('{');
            if (!Next('}'))
            {
                do
                {
                    string name = ReadString();
                    Expect(':');
                    m[name] = ReadString();
                } while (Next(','));
                Expect('}');
            }
            SkipSpace();
            if (i != s.Length) throw new FormatException("text after the object");
            return m;
        }

        void SkipSpace()
        {
            while (i < s.Length && " \t\r\n".IndexOf(s[i]) >= 0) i++;
        }

        // Takes c, after any white space, if it comes next: whether it did.
        bool Next(char c)
        {
            SkipSpace();
            if (i < s.Length && s[i] == c)
            {
                i++;
                return true;
            }
            return false;
        }

        void Expect(char c)
        {
            if (!Next(c)) throw new FormatException("'" + c + "' expected at " + i);
        }

        string ReadString()
        {
            Expect('"');
            var got = new StringBuilder();
            for (;;)
            {
                if (i >= s.Length) throw new FormatException("unterminated string");
                char c = s[i++];
                if (c == '"') return got.ToString();
                if (c < 0x20) throw new FormatException("control character in a string");
                int e = i < s.Length ? Escaped.IndexOf(s[i]) : -1;
                if (c != '\\')
                {
                    got.Append(c);
                }
                else if (e >= 0)
                {
                    got.Append(Meant[e]);
                    i++;
                }
                else if (i + 5 <= s.Length && s[i] == 'u' && Regex.IsMatch(s.Substring(i + 1, 4), "^[0-9a-fA-F]{4}$"))
                {
                    got.Append((char)int.Parse(s.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 5;
                }
                else
                {
                    throw new FormatException("bad escape at " + i);
                }
            }
        }
    }

    static string Get(Dictionary<string, string> d, string name)
    {
        string v;
        return d.TryGetValue(name, out v) ? v : "";
    }

    static bool Finished(Dictionary<string, string> st)
    {
        string pay = Get(st, "paymentStatus");
        return pay == "FAILED" || (pay == "SUCCEEDED" && Get(st, "issuedStatus") == "SUCCEEDED");
    }

    // Check commit result with the journey's rule: finished iff payment
    // FAILED, or payment and issuance both SUCCEEDED; otherwise poll with
    // back-off (1 s, 2 s, 4 s... capped at 30 s).
    static Dictionary<string, string> Check(string booking)
    {
        double delay = double.Parse(Environment.GetEnvironmentVariable("GTD_POLL_SECONDS") ?? "1", CultureInfo.InvariantCulture);
        Dictionary<string, string> a = null;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            a = Query(booking);
            if (Finished(Properties(a["properties"])) || ActionOf(a["error_code"]) == "stop") return a;
            Console.Error.WriteLine("  check {0}: {1}, polling again in {2} s", booking, Describe(a["error_code"]),
                delay.ToString(CultureInfo.InvariantCulture));
            Thread.Sleep(TimeSpan.FromSeconds(delay));
            delay = Math.Min(delay * 2, 30);
        }
        return a;
    }

    // Booking detail (chi tiết đặt chỗ): plain JSON, apikey header only.
    static string Detail(string booking)
    {
        return Send("GET", gateway + "/api/products/booking-detail?booking_number=" + Uri.EscapeDataString(booking), null,
            new Dictionary<string, string> { { "apikey", apiKey } });
    }

    static void ShowCheck(string booking, Dictionary<string, string> a)
    {
        var st = Properties(a["properties"]);
        Console.WriteLine("check {0}: {1}, payment {2}, issuance {3}, {4}", booking, Describe(a["error_code"]),
            Get(st, "paymentStatus"), Get(st, "issuedStatus"), Finished(st) ? "finished" : "not finished");
    }

    static void ShowDetail(string booking, string json)
    {
        string info = json.Substring(json.IndexOf("\"bookingInfo\"", StringComparison.Ordinal));
        Console.WriteLine("detail {0}: status {1}, payment {2}, issuance {3}", booking, JsonString(info, "status"),
            JsonString(info, "paymentStatus"), JsonString(info, "issuedStatus"));
    }

    static void ShowOrder(Dictionary<string, string> o)
    {
        Console.WriteLine("payment page: booking {0} {1}, {2} VND, signature verified", o["booking_number"],
            o["product_type"], o["total_amount"]);
    }

    // -----------------------------------------------------------------------
    // The demo: the whole journey against gtd-mock --demo.
    // -----------------------------------------------------------------------

    // A held booking, through gtd-mock's control API (mock only: the real
    // gateway has no /__gtd/; there the user books in the webview).
    static string MockHold()
    {
        string held = Send("POST", gateway + "/__gtd/bookings", "{\"partner\":\"" + partnerId + "\",\"amount\":1850000}", null);
        return JsonString(held, "bookingNumber");
    }

    // What the webview does when the user goes to payment: place order with
    // the user's token. Returns the redirect URL to the payment page.
    static string MockUserBooks(string webviewUrl)
    {
        string token = webviewUrl.Substring(webviewUrl.IndexOf("access_token=", StringComparison.Ordinal) + 13);
        string order = Send("GET", gateway + "/api/partner/place-order?bookingNumber=" + MockHold(), null,
            new Dictionary<string, string> { { "Authorization", "Bearer " + token } });
        return JsonString(order, "result");
    }

    static void RefusedDemo(string klass, string what, Func<Dictionary<string, string>> call)
    {
        try
        {
            var a = call();
            if (a["error_code"] != "00") throw Refused.Of(a["error_code"]);
            Console.WriteLine("refused ({0}): {1}: accepted?!", klass, what);
        }
        catch (Refused r)
        {
            Console.WriteLine("refused ({0}): {1}: {2}", klass, what, r.Message);
        }
    }

    static void Demo()
    {
        string url = Login("u1", "flight", accessCode);
        Console.WriteLine("login u1: webview " + url);
        var order = OnPaymentRedirect(MockUserBooks(url));
        ShowOrder(order);
        string b = order["booking_number"];
        // gtd-issue-async asks the mock for a ticket issued later, so the check polls.
        var c = Commit(b, "gtd-issue-async", order["product_type"]);
        Console.WriteLine("commit {0}: {1}", b, Describe(c["error_code"]));
        ShowCheck(b, Check(b));
        ShowDetail(b, Detail(b));

        string other = MockHold();
        RefusedDemo("retry", "query-trans " + other + " before its commit", () => Query(other));
        RefusedDemo("show", "commit ADCO2601010000999", () => Commit("ADCO2601010000999", "", "AIR"));
        RefusedDemo("stop", "login with another access code", () =>
        {
            Login("u1", "flight", "WRONG-CODE");
            return new Dictionary<string, string> { { "error_code", "00" } };
        });
    }

    public static int Main(string[] argv)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        if (argv.Length < 2)
        {
            Console.Error.WriteLine("usage: GotadiSample.exe PACK.json demo|login|redirect|commit|check|detail [ARG...]");
            return 2;
        }
        LoadPack(argv[0]);
        string cmd = argv[1];
        string[] a = argv.Skip(2).ToArray();
        try
        {
            switch (cmd)
            {
                case "demo": Demo(); break;
                case "login":
                    Console.WriteLine("login {0}: webview {1}", a[0], Login(a[0], a.Length > 1 ? a[1] : "flight", accessCode));
                    break;
                case "redirect": ShowOrder(OnPaymentRedirect(a[0])); break;
                case "commit":
                    Console.WriteLine("commit {0}: {1}", a[0], Describe(Commit(a[0], a.Length > 1 ? a[1] : "",
                        a.Length > 2 ? a[2] : "AIR")["error_code"]));
                    break;
                case "check": ShowCheck(a[0], Check(a[0])); break;
                case "detail": ShowDetail(a[0], Detail(a[0])); break;
                case "tables": // the tables above, to compare with the kit's
                    foreach (var e in Schemas) Console.WriteLine("schema\t{0}\t{1}", e.Key, string.Join("|", e.Value));
                    foreach (var e in Codes) Console.WriteLine("code\t{0}\t{1}", e.Key, string.Join("\t", e.Value));
                    break;
                default:
                    Console.Error.WriteLine("unknown command " + cmd);
                    return 2;
            }
        }
        catch (Refused r)
        {
            Console.WriteLine(cmd + ": " + r.Message);
            return 1;
        }
        return 0;
    }
}
