// Reference implementation (JDK only) of the Gotadi partner-API envelope, for
// interoperability tests. Deliberately uses the bare JCE algorithm names ("RSA",
// "DESede", "SHA256withRSA") so the provider defaults (ECB, PKCS#1 v1.5 / PKCS#5
// padding) are what gets exercised; tests/interop/interop.js is the Node twin.
//
// Protocol: one TAB-separated job per stdin line, exactly one result line per
// job on stdout (seal / open / sign / encrypt3des / json). Run: java -cp DIR Interop

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.SecretKeySpec;

public final class Interop {
    private Interop() {}

    /** A job failure whose message is already the protocol REASON. */
    private static final class Fail extends Exception {
        private static final long serialVersionUID = 1L;
        Fail(String reason) { super(reason); }
    }

    @FunctionalInterface
    private interface Step<T> { T run() throws Exception; }

    /** Runs one step so that any error is reported under that step's name. */
    private static <T> T at(String step, Step<T> op) throws Fail {
        try {
            return op.run();
        } catch (Fail f) {
            throw f;
        } catch (Exception e) {
            throw new Fail(step + ": " + describe(e));
        }
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) return "no such file: " + e.getMessage();
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    public static void main(String[] argv) throws Exception {
        // Explicit UTF-8 both ways: never depend on file.encoding / locale.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String result;
            try {
                result = job(line);
            } catch (Exception e) {
                String reason = e instanceof Fail ? e.getMessage() : "internal: " + describe(e);
                // Keep the one-line-per-job contract even if a message has newlines.
                result = "fail\t" + reason.replaceAll("[\\t\\r\\n]+", " ");
            }
            out.print(result + "\n");
            out.flush();
        }
    }

    private static String job(String line) throws Exception {
        String cmd = line.split("\t", 2)[0];
        switch (cmd) {
            case "seal": {
                String[] f = args(line, 5);
                return seal(index(f[1]), f[2], f[3], f[4]);
            }
            case "open": {
                String[] f = args(line, 7);
                return open(index(f[1]), index(f[2]), f[3], f[4], f[5], f[6]);
            }
            case "sign": {
                String[] f = args(line, 3);
                PrivateKey priv = at("key", () -> (PrivateKey) loadKey(f[1], true));
                return Base64.getEncoder().encodeToString(sign(priv, f[2]));
            }
            case "encrypt3des": {
                String[] f = args(line, 3);
                byte[] k = at("key-length", () -> desKey(HexFormat.of().parseHex(f[1])));
                return b64url(tripleDes(Cipher.ENCRYPT_MODE, k, f[2].getBytes(StandardCharsets.UTF_8)));
            }
            case "json": {
                String[] f = args(line, 2);
                return "ok\t" + String.join("\t", jsonMembers(f[1]));
            }
            default:
                throw new Fail("usage: unknown command '" + cmd + "'");
        }
    }

    /** The last field takes the rest of the line, so S may itself contain TABs. */
    private static String[] args(String line, int n) throws Fail {
        String[] f = line.split("\t", n);
        if (f.length != n) throw new Fail("usage: " + f[0] + " needs " + (n - 1) + " arguments");
        return f;
    }

    private static int index(String s) throws Fail {
        if (!s.matches("[0-9]{1,9}")) throw new Fail("usage: not a non-negative integer: '" + s + "'");
        return Integer.parseInt(s);
    }

    static String seal(int sigPos, String senderPriv, String receiverPub, String s) throws Exception {
        PrivateKey priv = at("key", () -> (PrivateKey) loadKey(senderPriv, true));
        PublicKey pub = at("key", () -> (PublicKey) loadKey(receiverPub, false));
        List<String> fields = new ArrayList<>(Arrays.asList(s.split("\\|", -1)));
        if (sigPos > fields.size()) throw new Fail("usage: SIGPOS " + sigPos + " > N " + fields.size());

        // Default DESede generator: 24 bytes with DES parity bits set.
        byte[] k = KeyGenerator.getInstance("DESede").generateKey().getEncoded();
        byte[] encKey = at("rsa", () -> {
            Cipher rsa = Cipher.getInstance("RSA"); // = RSA/ECB/PKCS1Padding
            rsa.init(Cipher.ENCRYPT_MODE, pub);
            return rsa.doFinal(k);
        });
        String sig = at("signature", () -> Base64.getEncoder().encodeToString(sign(priv, s)));
        fields.add(sigPos, sig);
        byte[] o = String.join("|", fields).getBytes(StandardCharsets.UTF_8);
        byte[] data = at("3des", () -> tripleDes(Cipher.ENCRYPT_MODE, k, o));
        return b64url(encKey) + "\t" + b64url(data);
    }

    static String open(int sigPos, int n, String receiverPriv, String senderPub, String key, String data)
            throws Exception {
        if (sigPos > n) throw new Fail("usage: SIGPOS " + sigPos + " > N " + n);
        PrivateKey priv = at("key", () -> (PrivateKey) loadKey(receiverPriv, true));
        PublicKey pub = at("key", () -> (PublicKey) loadKey(senderPub, false));
        byte[] encKey = at("base64", () -> b64decode(key));
        byte[] encData = at("base64", () -> b64decode(data));
        byte[] raw = at("rsa", () -> {
            Cipher rsa = Cipher.getInstance("RSA");
            rsa.init(Cipher.DECRYPT_MODE, priv);
            return rsa.doFinal(encKey);
        });
        byte[] k = at("key-length", () -> desKey(raw));
        byte[] plain = at("3des", () -> tripleDes(Cipher.DECRYPT_MODE, k, encData));
        // Strict decoding: a lossy decode would silently change the signed bytes.
        String o;
        try {
            o = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain)).toString();
        } catch (CharacterCodingException e) {
            throw new Fail("3des: decrypted data is not valid UTF-8");
        }

        List<String> fields = new ArrayList<>(Arrays.asList(o.split("\\|", -1)));
        if (fields.size() != n + 1) throw new Fail("field-count: expected " + (n + 1) + ", got " + fields.size());
        String sigField = fields.remove(sigPos);
        String s = String.join("|", fields);
        byte[] sig = at("base64", () -> b64decode(sigField));
        boolean valid = at("signature", () -> {
            Signature v = Signature.getInstance("SHA256withRSA");
            v.initVerify(pub);
            v.update(s.getBytes(StandardCharsets.UTF_8));
            return v.verify(sig);
        });
        if (!valid) throw new Fail("signature: verification failed");
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) throw new Fail("output: S contains a line break");
        return "ok\t" + s;
    }

    // ---- json: a JSON object whose members are strings (the JDK has no JSON parser) ----

    private static final String WS = "[ \\t\\r\\n]*";
    private static final String JSON_STRING =
            "\"(?:[^\"\\\\\\x00-\\x1f]|\\\\[\"\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4})*\"";
    private static final String MEMBER = WS + "(" + JSON_STRING + ")" + WS + ":" + WS + "(" + JSON_STRING + ")" + WS;
    private static final Pattern JSON_OBJECT =
            Pattern.compile(WS + "\\{(?:" + MEMBER + "(?:," + MEMBER + ")*|" + WS + ")\\}" + WS);
    private static final Pattern JSON_MEMBER = Pattern.compile(MEMBER);

    /** The members of a JSON object text, "name=value" in order; the whole text
     *  must be the object (RFC 8259's grammar), every value a string. */
    static List<String> jsonMembers(String text) throws Fail {
        if (!JSON_OBJECT.matcher(text).matches()) throw new Fail("json: not a JSON object of strings");
        List<String> out = new ArrayList<>();
        Matcher m = JSON_MEMBER.matcher(text);
        while (m.find()) {
            String member = unquote(m.group(1)) + "=" + unquote(m.group(2));
            if (member.matches("(?s).*[\\t\\r\\n].*")) throw new Fail("output: a member contains a TAB or line break");
            out.add(member);
        }
        return out;
    }

    /** A JSON string literal's value (its syntax already checked). */
    private static String unquote(String literal) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < literal.length() - 1; i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = literal.charAt(++i);
            if (e == 'u') {
                out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                out.append("\"\\/\b\f\n\r\t".charAt("\"\\/bfnrt".indexOf(e)));
            }
        }
        return out.toString();
    }

    static byte[] sign(PrivateKey priv, String s) throws Exception {
        Signature sg = Signature.getInstance("SHA256withRSA");
        sg.initSign(priv);
        sg.update(s.getBytes(StandardCharsets.UTF_8));
        return sg.sign();
    }

    /** 16-byte keys are two-key 3DES (k1|k2|k1); DESede itself only takes 24. */
    static byte[] desKey(byte[] k) throws Fail {
        if (k.length == 24) return k;
        if (k.length != 16) throw new Fail("key-length: 3DES key is " + k.length + " bytes, want 16 or 24");
        byte[] full = Arrays.copyOf(k, 24);
        System.arraycopy(k, 0, full, 16, 8);
        return full;
    }

    static byte[] tripleDes(int mode, byte[] k, byte[] in) throws Exception {
        Cipher c = Cipher.getInstance("DESede"); // = DESede/ECB/PKCS5Padding, no IV
        c.init(mode, new SecretKeySpec(k, "DESede"));
        return c.doFinal(in);
    }

    static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Either alphabet, padding optional; rejects anything else (incl. whitespace). */
    static byte[] b64decode(String s) {
        return Base64.getUrlDecoder().decode(s.replace('+', '-').replace('/', '_'));
    }

    // ---- key loading: .NET <RSAKeyValue> XML or PEM (SPKI, PKCS#8, PKCS#1) ----

    private static final Pattern XML_FIELD =
            Pattern.compile("<(Modulus|Exponent|P|Q|DP|DQ|InverseQ|D)(?:\\s[^>]*)?>([^<]*)</\\1\\s*>");
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]*)-----END \\1-----");

    /** The content decides the format, so a misnamed file still loads. */
    static Key loadKey(String path, boolean wantPrivate) throws Exception {
        String text = new String(Files.readAllBytes(Path.of(path)), StandardCharsets.UTF_8);
        KeyFactory kf = KeyFactory.getInstance("RSA");
        if (text.contains("<RSAKeyValue")) return xmlKey(kf, text, wantPrivate);

        Matcher m = PEM.matcher(text);
        if (!m.find()) throw new Fail("key: " + path + " is neither RSAKeyValue XML nor PEM");
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        switch (m.group(1)) {
            case "PUBLIC KEY":
            case "RSA PUBLIC KEY": {
                if (wantPrivate) throw new Fail("key: " + path + " holds a public key, private needed");
                byte[] spki = m.group(1).startsWith("RSA") ? spkiFromPkcs1(der) : der;
                return kf.generatePublic(new X509EncodedKeySpec(spki));
            }
            case "PRIVATE KEY":
            case "RSA PRIVATE KEY": {
                byte[] p8 = m.group(1).startsWith("RSA") ? pkcs8FromPkcs1(der) : der;
                PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(p8));
                if (wantPrivate) return priv;
                RSAPrivateCrtKey crt = (RSAPrivateCrtKey) priv;
                return kf.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            }
            default:
                throw new Fail("key: unsupported PEM type " + m.group(1));
        }
    }

    private static Key xmlKey(KeyFactory kf, String text, boolean wantPrivate) throws Exception {
        Map<String, BigInteger> v = new HashMap<>();
        Matcher m = XML_FIELD.matcher(text);
        while (m.find()) {
            byte[] b = Base64.getDecoder().decode(m.group(2).replaceAll("\\s+", ""));
            v.put(m.group(1), new BigInteger(1, b));
        }
        List<String> need = wantPrivate
                ? List.of("Modulus", "Exponent", "D", "P", "Q", "DP", "DQ", "InverseQ")
                : List.of("Modulus", "Exponent");
        for (String name : need) {
            if (!v.containsKey(name)) throw new Fail("key: RSAKeyValue lacks <" + name + ">");
        }
        if (!wantPrivate) return kf.generatePublic(new RSAPublicKeySpec(v.get("Modulus"), v.get("Exponent")));
        return kf.generatePrivate(new RSAPrivateCrtKeySpec(v.get("Modulus"), v.get("Exponent"), v.get("D"),
                v.get("P"), v.get("Q"), v.get("DP"), v.get("DQ"), v.get("InverseQ")));
    }

    // The JDK has no PKCS#1 key spec, so wrap PKCS#1 DER in the generic containers.
    private static final byte[] RSA_ALG_ID = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
        return der(0x30, new byte[] {0x02, 0x01, 0x00}, RSA_ALG_ID, der(0x04, pkcs1));
    }

    private static byte[] spkiFromPkcs1(byte[] pkcs1) {
        return der(0x30, RSA_ALG_ID, der(0x03, new byte[] {0x00}, pkcs1));
    }

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) body.writeBytes(p);
        int len = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (len < 0x80) {
            out.write(len);
        } else {
            byte[] l = BigInteger.valueOf(len).toByteArray();
            int skip = l[0] == 0 ? 1 : 0; // drop the sign byte
            out.write(0x80 | (l.length - skip));
            out.write(l, skip, l.length - skip);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }
}
