// Gotadi B2B2C webview: a partner server's side, in Java 11+ with the JCE only.
//
//   javac -d classes GotadiSample.java
//   java -cp classes GotadiSample PACK.json demo               (the whole journey)
//   java -cp classes GotadiSample PACK.json login USER [flight|hotel]
//   java -cp classes GotadiSample PACK.json redirect URL       (your payment page)
//   java -cp classes GotadiSample PACK.json commit BOOKING [PARTNER_TRANS_ID]
//   java -cp classes GotadiSample PACK.json check BOOKING      (query-trans, polling)
//   java -cp classes GotadiSample PACK.json detail BOOKING
//
// PACK.json is the connection pack Gotadi (or gtd-mock --demo) gives you. The
// environment variables GTD_PARTNER_KEY and GTD_GOTADI_KEY name other key
// files (PEM or .NET XML <RSAKeyValue>); GTD_POLL_SECONDS is the first
// polling delay.

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

public final class GotadiSample {

    // Your settings.
    static final String GATEWAY_URL = ""; // the gateway; empty: the pack's (gtd-console export fills it in)
    static final String PARTNER_KEY_FILE = "partner.pem"; // your private key, when the pack names none (Gotadi's packs never do)

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
    static final Map<String, List<String>> SCHEMAS = new HashMap<>();
    static {
        SCHEMAS.put("login-request", List.of("access_code", "user_id", "layout?", "product", "signature"));
        SCHEMAS.put("login-response", List.of("access_code", "error_code", "redirect_url?", "signature"));
        SCHEMAS.put("place-order", List.of("access_code", "booking_number?", "product_type?", "signature", "total_amount?"));
        SCHEMAS.put("commit-request", List.of("access_code", "booking_number", "partner_trans_id?", "product_type", "signature"));
        List<String> answer = List.of("access_code", "booking_number!", "error_code", "product_type?", "properties?",
                "return_url?", "signature", "total_amount!");
        SCHEMAS.put("commit-response", answer);
        SCHEMAS.put("query-trans-request", List.of("access_code", "booking_number", "signature"));
        SCHEMAS.put("query-trans-response", answer);
    }

    /** A schema's field name without its marker ("?" or "!"). */
    static String bare(String name) {
        return name.replaceAll("[?!]$", "");
    }

    // Every error code (mã lỗi) and what the app does: "retry" later (with
    // back-off), "show" the user the outcome, "stop" and fix the integration.
    static final Map<String, String[]> CODES = new HashMap<>();
    static {
        CODES.put("00", new String[] {"Success", "Thành công", "done"});
        CODES.put("01", new String[] {"Being processed", "Đang xử lý", "retry"}); // poll query-trans
        CODES.put("02", new String[] {"Processed, failed", "Đã xử lý, thất bại", "show"}); // payment or issuance failed
        CODES.put("03", new String[] {"Agency account authentication failed", "Xác thực tài khoản đại lý thất bại", "stop"});
        CODES.put("04", new String[] {"Invalid signature", "Chữ ký không hợp lệ", "stop"}); // keys, field order, alphabet
        CODES.put("05", new String[] {"Decryption failed", "Giải mã thất bại", "stop"}); // not Gotadi's public key
        CODES.put("06", new String[] {"Invalid access code", "Mã truy cập không hợp lệ", "stop"});
        CODES.put("07", new String[] {"Malformed data", "Dữ liệu sai định dạng", "stop"});
        CODES.put("08", new String[] {"Already processed (duplicate)", "Đã được xử lý (trùng lặp)", "show"}); // ask query-trans
        CODES.put("09", new String[] {"Not yet processed", "Chưa được xử lý", "retry"});
        CODES.put("10", new String[] {"Account information not found", "Không tìm thấy thông tin tài khoản", "show"});
        CODES.put("99", new String[] {"Other error", "Lỗi khác", "retry"});
    }

    /** HTTP statuses that are not 200: 500 and 503 pass, anything else is ours to fix. */
    static String httpAction(int status) {
        return status == 500 || status == 503 ? "retry" : "stop";
    }

    static String action(String code) {
        String[] c = CODES.get(code);
        return c == null ? "stop" : c[2];
    }

    static String describe(String code) {
        String[] c = CODES.get(code);
        return code + " " + (c == null ? "Unknown code" : c[0]) + " -> " + action(code);
    }

    /** An answer that is not a success: the code (or HTTP status) and what to do. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;
        final String action;

        Refused(String code, String what, String action) {
            super(code + " " + what + " -> " + action);
            this.code = code;
            this.action = action;
        }

        static Refused of(String code) {
            String[] c = CODES.get(code);
            return new Refused(code, c == null ? "Unknown code" : c[0], action(code));
        }
    }

    // -----------------------------------------------------------------------
    // CLASSIC MISTAKE 1, the two base64 alphabets (bảng mã base64):
    //   key and data  -> URL-safe base64 ("-" and "_") WITHOUT "=" padding;
    //   signature     -> STANDARD base64 ("+" and "/") WITH "=" padding.
    // Mixing them up gives 05 (decryption failed) or 04 (invalid signature).
    // When receiving, accept both alphabets, padded or not.
    // -----------------------------------------------------------------------
    static String b64url(byte[] raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static String b64std(byte[] raw) {
        return Base64.getEncoder().encodeToString(raw);
    }

    static byte[] b64any(String text) {
        String s = text.replace('-', '+').replace('_', '/').replaceAll("=+$", "");
        return Base64.getDecoder().decode(s); // the basic decoder takes unpadded input
    }

    // -----------------------------------------------------------------------
    // Keys: PEM (SPKI, PKCS#8 or PKCS#1) or .NET XML <RSAKeyValue> (khóa XML),
    // whose elements are base64 big-endian integers.
    // -----------------------------------------------------------------------
    static BigInteger xmlInt(String xml, String name) throws GeneralSecurityException {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        if (!m.find()) throw new GeneralSecurityException("RSAKeyValue lacks <" + name + ">");
        return new BigInteger(1, Base64.getMimeDecoder().decode(m.group(1).trim()));
    }

    static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
    }

    /** DER: a tag, a length, the content. */
    static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 128) {
            out.write(n);
        } else {
            byte[] len = BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.write(content, 0, n);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.write(p, 0, p.length);
        return out.toByteArray();
    }

    // AlgorithmIdentifier rsaEncryption, for wrapping PKCS#1 keys as PKCS#8/SPKI.
    static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    static PrivateKey privateKey(String text) throws GeneralSecurityException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (text.contains("<RSAKeyValue")) {
            return rsa.generatePrivate(new RSAPrivateCrtKeySpec(xmlInt(text, "Modulus"), xmlInt(text, "Exponent"),
                    xmlInt(text, "D"), xmlInt(text, "P"), xmlInt(text, "Q"), xmlInt(text, "DP"),
                    xmlInt(text, "DQ"), xmlInt(text, "InverseQ")));
        }
        byte[] body = pemBody(text);
        if (text.contains("BEGIN RSA PRIVATE KEY")) { // PKCS#1: wrap it in PKCS#8
            body = der(0x30, concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, der(0x04, body)));
        }
        return rsa.generatePrivate(new PKCS8EncodedKeySpec(body));
    }

    static PublicKey publicKey(String text) throws GeneralSecurityException {
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        if (text.contains("<RSAKeyValue")) {
            return rsa.generatePublic(new RSAPublicKeySpec(xmlInt(text, "Modulus"), xmlInt(text, "Exponent")));
        }
        byte[] body = pemBody(text);
        if (text.contains("BEGIN RSA PUBLIC KEY")) { // PKCS#1: wrap it in SubjectPublicKeyInfo
            body = der(0x30, concat(RSA_ALGORITHM, der(0x03, concat(new byte[] {0}, body))));
        }
        return rsa.generatePublic(new X509EncodedKeySpec(body));
    }

    // -----------------------------------------------------------------------
    // The envelope (phong bì): {"key": K, "data": D}.
    // -----------------------------------------------------------------------
    static final class Envelope {
        final PrivateKey myPrivate; // signs what we send, decrypts what we get
        final PublicKey theirPublic; // encrypts our 3DES key, verifies Gotadi
        final SecureRandom random = new SecureRandom();

        Envelope(PrivateKey myPrivate, PublicKey theirPublic) {
            this.myPrivate = myPrivate;
            this.theirPublic = theirPublic;
        }

        Map<String, String> seal(Map<String, String> fields, String schema) throws GeneralSecurityException {
            List<String> names = SCHEMAS.get(schema);
            List<String> values = new ArrayList<>();
            for (String n : names) {
                if (n.equals("signature")) continue;
                String v = fields.getOrDefault(bare(n), "");
                if (v.contains("|") || (!n.endsWith("?") && v.isEmpty()))
                    throw new IllegalArgumentException(schema + ": bad value for " + n);
                values.add(v);
            }
            byte[] signatureData = String.join("|", values).getBytes(StandardCharsets.UTF_8);
            // CLASSIC MISTAKE 3: the signature is SHA256withRSA, i.e. RSASSA-PKCS1-v1_5
            // over SHA-256 (chữ ký SHA256withRSA), not PSS, not SHA-1, not a raw hash.
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(myPrivate);
            signer.update(signatureData);
            values.add(names.indexOf("signature"), b64std(signer.sign()));
            byte[] original = String.join("|", values).getBytes(StandardCharsets.UTF_8);

            byte[] k = new byte[24]; // a fresh 3DES key (khóa phiên) for every message
            random.nextBytes(k);
            Cipher des = Cipher.getInstance("DESede/ECB/PKCS5Padding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "DESede"));
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, theirPublic);
            Map<String, String> body = new LinkedHashMap<>();
            body.put("key", b64url(rsa.doFinal(k)));
            body.put("data", b64url(des.doFinal(original)));
            return body;
        }

        /** Opens and verifies an envelope; throws Refused with the code the gateway would give. */
        Map<String, String> open(Map<String, String> body, String schema) throws Refused {
            List<String> names = SCHEMAS.get(schema);
            String original;
            try {
                Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                rsa.init(Cipher.DECRYPT_MODE, myPrivate);
                byte[] k = rsa.doFinal(b64any(body.get("key")));
                if (k.length == 16) k = concat(k, Arrays.copyOf(k, 8)); // two-key 3DES
                Cipher des = Cipher.getInstance("DESede/ECB/PKCS5Padding");
                des.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "DESede"));
                original = new String(des.doFinal(b64any(body.get("data"))), StandardCharsets.UTF_8);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new Refused("05", "cannot decrypt " + schema + ": " + e.getMessage(), "stop");
            }
            List<String> values = new ArrayList<>(Arrays.asList(original.split("\\|", -1)));
            if (values.size() != names.size())
                throw new Refused("07", schema + ": " + values.size() + " fields, want " + names.size(), "stop");
            String signature = values.remove(names.indexOf("signature"));
            try {
                Signature verifier = Signature.getInstance("SHA256withRSA");
                verifier.initVerify(theirPublic);
                verifier.update(String.join("|", values).getBytes(StandardCharsets.UTF_8));
                if (!verifier.verify(b64any(signature))) throw new GeneralSecurityException("no match");
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new Refused("04", schema + ": signature does not verify", "stop");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            int i = 0;
            for (String n : names) {
                if (!n.equals("signature")) fields.put(bare(n), values.get(i++));
            }
            // "!": a processed booking (00, 01, 02) is always named, with its amount.
            String code = fields.getOrDefault("error_code", "");
            if (code.equals("00") || code.equals("01") || code.equals("02")) {
                for (String n : names) {
                    if (n.endsWith("!") && fields.get(bare(n)).isEmpty())
                        throw new Refused("07", schema + ": " + bare(n) + " is empty with error code " + code, "stop");
                }
            }
            return fields;
        }
    }

    // -----------------------------------------------------------------------
    // JSON: the JDK has no parser, so these two helpers read the few members
    // the sample needs. Use your JSON library (Jackson, Gson...) instead.
    // -----------------------------------------------------------------------
    static String jsonString(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) return null;
        String s = m.group(1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') { out.append(c); continue; }
            char e = s.charAt(++i);
            switch (e) {
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'u': out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; break;
                default: out.append(e);
            }
        }
        return out.toString();
    }

    static String jsonBody(Map<String, String> m) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (b.length() > 1) b.append(',');
            b.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"'); // base64: no escaping needed
        }
        return b.append('}').toString();
    }

    // -----------------------------------------------------------------------
    // The partner's calls to the gateway.
    // -----------------------------------------------------------------------
    final String gateway;
    final String apiKey;
    final String accessCode;
    final String partnerId;
    final Envelope envelope;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    GotadiSample(String packPath) throws Exception {
        String pack = Files.readString(Path.of(packPath));
        gateway = (GATEWAY_URL.isEmpty() ? jsonString(pack, "gateway_url") : GATEWAY_URL).replaceAll("/+$", "");
        apiKey = jsonString(pack, "api_key");
        accessCode = jsonString(pack, "access_code");
        partnerId = jsonString(pack, "partner_id");
        String named = jsonString(pack, "partner_private_key_path");
        String mine = System.getenv().getOrDefault("GTD_PARTNER_KEY", named != null ? named : PARTNER_KEY_FILE);
        String theirs = System.getenv("GTD_GOTADI_KEY") != null
                ? Files.readString(Path.of(System.getenv("GTD_GOTADI_KEY"))) : jsonString(pack, "gotadi_public_key");
        envelope = new Envelope(privateKey(Files.readString(Path.of(mine))), publicKey(theirs));
    }

    String send(HttpRequest.Builder req) throws Exception {
        HttpResponse<String> r = http.send(req.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200 && r.statusCode() != 201)
            throw new Refused("HTTP " + r.statusCode(), "from the gateway", httpAction(r.statusCode()));
        return r.body();
    }

    Map<String, String> call(String api, Map<String, String> fields, String request, String response) throws Exception {
        fields.putIfAbsent("access_code", accessCode);
        String body = jsonBody(envelope.seal(fields, request));
        String answer = send(HttpRequest.newBuilder(URI.create(gateway + "/api/partner/" + api))
                .header("apikey", apiKey).header("x-ibe-req-name", accessCode)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        Map<String, String> sealed = new HashMap<>();
        sealed.put("key", jsonString(answer, "key"));
        sealed.put("data", jsonString(answer, "data"));
        Map<String, String> a = envelope.open(sealed, response);
        if (!a.get("access_code").equals(accessCode)) throw new Refused("06", "the answer is for another access code", "stop");
        return a;
    }

    /** Returns the webview URL to open in the app (đăng nhập). */
    String login(String userId, String product, String code) throws Exception {
        Map<String, String> f = new HashMap<>();
        f.put("access_code", code);
        f.put("user_id", userId);
        f.put("layout", "dual");
        f.put("product", product);
        Map<String, String> a = call("login", f, "login-request", "login-response");
        if (!a.get("error_code").equals("00")) throw Refused.of(a.get("error_code"));
        return a.get("redirect_url");
    }

    /** Your payment page: Gotadi sends the browser to PAYMENT_URL?key=K?data=D
     *  (or &data=D). Verify it before taking any money; the amount is VND. */
    Map<String, String> onPaymentRedirect(String url) throws Refused {
        Matcher m = Pattern.compile("[?&]key=([^?&]*)[?&]data=([^?&]*)").matcher(url);
        if (!m.find()) throw new Refused("07", "no key and data in the redirect", "stop");
        Map<String, String> body = new HashMap<>();
        body.put("key", URLDecoder.decode(m.group(1), StandardCharsets.UTF_8));
        body.put("data", URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
        Map<String, String> order = envelope.open(body, "place-order");
        if (!order.get("access_code").equals(accessCode)) throw new Refused("06", "place-order for another access code", "stop");
        // Gotadi documents these three as optional: without them there is
        // nothing to charge or commit, so the page stops here.
        for (String n : List.of("booking_number", "product_type", "total_amount")) {
            if (order.get(n).isEmpty()) throw new Refused("07", "place-order: " + n + " is empty", "stop");
        }
        return order;
    }

    /** Tell Gotadi the booking is paid (xác nhận thanh toán). */
    Map<String, String> commit(String booking, String partnerTransId, String productType) throws Exception {
        Map<String, String> f = new HashMap<>();
        f.put("booking_number", booking);
        f.put("partner_trans_id", partnerTransId);
        f.put("product_type", productType);
        return call("commit", f, "commit-request", "commit-response");
    }

    Map<String, String> query(String booking) throws Exception {
        Map<String, String> f = new HashMap<>();
        f.put("booking_number", booking);
        return call("query-trans", f, "query-trans-request", "query-trans-response");
    }

    /** properties is a JSON object text, as Gotadi documents it:
     *  {"status":"BOOKED","paymentStatus":"SUCCEEDED","issuedStatus":"SUCCEEDED"};
     *  empty when the answer carries no booking. Anything else is refused as
     *  malformed (07), never guessed at. */
    static Map<String, String> properties(String text) throws Refused {
        if (text.isEmpty()) return new HashMap<>();
        try {
            return new FlatJson(text).object();
        } catch (IllegalArgumentException e) {
            throw new Refused("07", "properties is not a JSON object: " + text, "stop");
        }
    }

    /** A strict reader of a JSON object whose members are all strings, all that
     *  properties holds: the JDK has no JSON parser (use your JSON library,
     *  Jackson, Gson..., instead). Anything else throws IllegalArgumentException. */
    static final class FlatJson {
        private static final String ESCAPED = "\"\\/bfnrt", MEANT = "\"\\/\b\f\n\r\t";
        private final String s;
        private int i;

        FlatJson(String s) { this.s = s; }

        Map<String, String> object() {
            Map<String, String> m = new LinkedHashMap<>();
            expect('{');
            if (!next('}')) {
                do {
                    String name = string();
                    expect(':');
                    m.put(name, string());
                } while (next(','));
                expect('}');
            }
            skipSpace();
            if (i != s.length()) throw new IllegalArgumentException("text after the object");
            return m;
        }

        private void skipSpace() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
        }

        /** Takes c, after any white space, if it comes next: whether it did. */
        private boolean next(char c) {
            skipSpace();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!next(c)) throw new IllegalArgumentException("'" + c + "' expected at " + i);
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            for (;;) {
                if (i >= s.length()) throw new IllegalArgumentException("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return out.toString();
                if (c < 0x20) throw new IllegalArgumentException("control character in a string");
                int e = i < s.length() ? ESCAPED.indexOf(s.charAt(i)) : -1;
                if (c != '\\') {
                    out.append(c);
                } else if (e >= 0) {
                    out.append(MEANT.charAt(e));
                    i++;
                } else if (i + 5 <= s.length() && s.charAt(i) == 'u' && s.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 5;
                } else {
                    throw new IllegalArgumentException("bad escape at " + i);
                }
            }
        }
    }

    static boolean finished(Map<String, String> st) {
        String pay = st.get("paymentStatus");
        return "FAILED".equals(pay) || ("SUCCEEDED".equals(pay) && "SUCCEEDED".equals(st.get("issuedStatus")));
    }

    /** Check commit result with the journey's rule: finished iff payment
     *  FAILED, or payment and issuance both SUCCEEDED; otherwise poll with
     *  back-off (1 s, 2 s, 4 s... capped at 30 s). */
    Map<String, String> check(String booking) throws Exception {
        double delay = Double.parseDouble(System.getenv().getOrDefault("GTD_POLL_SECONDS", "1"));
        Map<String, String> a = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            a = query(booking);
            if (finished(properties(a.get("properties"))) || action(a.get("error_code")).equals("stop")) return a;
            System.err.printf("  check %s: %s, polling again in %s s%n", booking, describe(a.get("error_code")), num(delay));
            Thread.sleep((long) (delay * 1000));
            delay = Math.min(delay * 2, 30);
        }
        return a;
    }

    static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** Booking detail (chi tiết đặt chỗ): plain JSON, apikey header only. */
    String detail(String booking) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(gateway + "/api/products/booking-detail?booking_number="
                + URLEncoder.encode(booking, StandardCharsets.UTF_8))).header("apikey", apiKey).GET());
    }

    static void showCheck(String booking, Map<String, String> a) throws Refused {
        Map<String, String> st = properties(a.get("properties"));
        System.out.printf("check %s: %s, payment %s, issuance %s, %s%n", booking, describe(a.get("error_code")),
                st.get("paymentStatus"), st.get("issuedStatus"), finished(st) ? "finished" : "not finished");
    }

    static void showDetail(String booking, String json) {
        String info = json.substring(json.indexOf("\"bookingInfo\""));
        System.out.printf("detail %s: status %s, payment %s, issuance %s%n", booking, jsonString(info, "status"),
                jsonString(info, "paymentStatus"), jsonString(info, "issuedStatus"));
    }

    static void showOrder(Map<String, String> o) {
        System.out.printf("payment page: booking %s %s, %s VND, signature verified%n", o.get("booking_number"),
                o.get("product_type"), o.get("total_amount"));
    }

    // -----------------------------------------------------------------------
    // The demo: the whole journey against gtd-mock --demo.
    // -----------------------------------------------------------------------

    /** A held booking, through gtd-mock's control API (mock only: the real
     *  gateway has no /__gtd/; there the user books in the webview). */
    String mockHold() throws Exception {
        String held = send(HttpRequest.newBuilder(URI.create(gateway + "/__gtd/bookings"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"partner\":\"" + partnerId + "\",\"amount\":1850000}")));
        return jsonString(held, "bookingNumber");
    }

    /** What the webview does when the user goes to payment: place order with
     *  the user's token. Returns the redirect URL to the payment page. */
    String mockUserBooks(String webviewUrl) throws Exception {
        String token = webviewUrl.substring(webviewUrl.indexOf("access_token=") + "access_token=".length());
        String order = send(HttpRequest.newBuilder(URI.create(gateway + "/api/partner/place-order?bookingNumber=" + mockHold()))
                .header("Authorization", "Bearer " + token).GET());
        return jsonString(order, "result");
    }

    interface Call {
        Map<String, String> run() throws Exception;
    }

    static void refused(String klass, String what, Call call) throws Exception {
        try {
            Map<String, String> a = call.run();
            if (!a.get("error_code").equals("00")) throw Refused.of(a.get("error_code"));
            System.out.printf("refused (%s): %s: accepted?!%n", klass, what);
        } catch (Refused r) {
            System.out.printf("refused (%s): %s: %s%n", klass, what, r.getMessage());
        }
    }

    void demo() throws Exception {
        String url = login("u1", "flight", accessCode);
        System.out.println("login u1: webview " + url);
        Map<String, String> order = onPaymentRedirect(mockUserBooks(url));
        showOrder(order);
        String b = order.get("booking_number");
        // gtd-issue-async asks the mock for a ticket issued later, so the check polls.
        Map<String, String> c = commit(b, "gtd-issue-async", order.get("product_type"));
        System.out.printf("commit %s: %s%n", b, describe(c.get("error_code")));
        showCheck(b, check(b));
        showDetail(b, detail(b));

        String other = mockHold();
        refused("retry", "query-trans " + other + " before its commit", () -> query(other));
        refused("show", "commit ADCO2601010000999", () -> commit("ADCO2601010000999", "", "AIR"));
        refused("stop", "login with another access code", () -> {
            login("u1", "flight", "WRONG-CODE");
            throw new IllegalStateException("accepted");
        });
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length < 2) {
            System.err.println("usage: GotadiSample PACK.json demo|login|redirect|commit|check|detail [ARG...]");
            System.exit(2);
        }
        GotadiSample g = new GotadiSample(argv[0]);
        String cmd = argv[1];
        String[] a = Arrays.copyOfRange(argv, 2, argv.length);
        try {
            switch (cmd) {
                case "demo": g.demo(); break;
                case "login":
                    System.out.printf("login %s: webview %s%n", a[0], g.login(a[0], a.length > 1 ? a[1] : "flight", g.accessCode));
                    break;
                case "redirect": showOrder(g.onPaymentRedirect(a[0])); break;
                case "commit":
                    System.out.printf("commit %s: %s%n", a[0],
                            describe(g.commit(a[0], a.length > 1 ? a[1] : "", a.length > 2 ? a[2] : "AIR").get("error_code")));
                    break;
                case "check": showCheck(a[0], g.check(a[0])); break;
                case "detail": showDetail(a[0], g.detail(a[0])); break;
                case "tables": // the tables above, to compare with the kit's
                    for (Map.Entry<String, List<String>> e : SCHEMAS.entrySet())
                        System.out.printf("schema\t%s\t%s%n", e.getKey(), String.join("|", e.getValue()));
                    for (Map.Entry<String, String[]> e : CODES.entrySet())
                        System.out.printf("code\t%s\t%s%n", e.getKey(), String.join("\t", e.getValue()));
                    break;
                default:
                    System.err.println("unknown command " + cmd);
                    System.exit(2);
            }
        } catch (Refused r) {
            System.out.println(cmd + ": " + r.getMessage());
            System.exit(1);
        }
    }
}
