// Reference implementation (Node 20, built-ins only) of the Gotadi partner-API
// envelope, for interoperability tests; independent twin of Interop.java.
//
// Protocol: one TAB-separated job per stdin line, exactly one result line per
// job on stdout (seal / open / sign / encrypt3des / json).
// Run: node --security-revert=CVE-2023-46809 interop.js
// NB: with that flag Node itself prints "SECURITY WARNING: Reverting CVE-2023-46809..." as the
// first line on *stdout*, before this script runs; a harness using the flag must drop that line.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const readline = require('readline');

const { RSA_PKCS1_PADDING } = crypto.constants;

/** A job failure whose message is already the protocol REASON. */
class Fail extends Error {}

/** Runs one step so that any error is reported under that step's name. */
function at(step, op) {
  try {
    return op();
  } catch (e) {
    if (e instanceof Fail) throw e;
    throw new Fail(`${step}: ${(e && e.message) || String(e)}`);
  }
}

// ---- encodings ----

const b64url = (buf) => buf.toString('base64url');

/** Either alphabet, padding optional; rejects anything else (Buffer.from would silently skip it). */
function b64decode(s) {
  const m = /^([A-Za-z0-9+/_-]*)(={0,2})$/.exec(s);
  if (!m) throw new Error('invalid base64 character');
  if (m[1].length % 4 === 1) throw new Error('invalid base64 length');
  if (m[2] && s.length % 4 !== 0) throw new Error('invalid base64 padding');
  return Buffer.from(m[1], 'base64');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// ---- key loading: .NET <RSAKeyValue> XML or PEM (SPKI, PKCS#8, PKCS#1) ----

const XML_FIELD = /<(Modulus|Exponent|P|Q|DP|DQ|InverseQ|D)(?:\s[^>]*)?>([^<]*)<\/\1\s*>/g;
const JWK_NAME = { Modulus: 'n', Exponent: 'e', D: 'd', P: 'p', Q: 'q', DP: 'dp', DQ: 'dq', InverseQ: 'qi' };

/** .NET writes fixed-width big-endian integers; JWK wants them minimal. */
function xmlToJwk(text, wantPrivate) {
  const jwk = { kty: 'RSA' };
  for (const [, name, value] of text.matchAll(XML_FIELD)) {
    const clean = value.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new Fail(`key: <${name}> is not base64`);
    let b = Buffer.from(clean, 'base64');
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    b = b.subarray(i);
    jwk[JWK_NAME[name]] = b64url(b);
  }
  const need = wantPrivate ? Object.keys(JWK_NAME) : ['Modulus', 'Exponent'];
  for (const name of need) {
    if (!jwk[JWK_NAME[name]]) throw new Fail(`key: RSAKeyValue lacks <${name}>`);
  }
  if (!wantPrivate) return { kty: 'RSA', n: jwk.n, e: jwk.e };
  return jwk;
}

/** The content decides the format, so a misnamed file still loads. */
function loadKey(path, wantPrivate) {
  return at('key', () => {
    const text = fs.readFileSync(path, 'utf8');
    if (text.includes('<RSAKeyValue')) {
      const key = { key: xmlToJwk(text, wantPrivate), format: 'jwk' };
      return wantPrivate ? crypto.createPrivateKey(key) : crypto.createPublicKey(key);
    }
    if (!text.includes('-----BEGIN ')) throw new Fail(`key: ${path} is neither RSAKeyValue XML nor PEM`);
    // createPublicKey also derives the public half from a private PEM.
    return wantPrivate ? crypto.createPrivateKey(text) : crypto.createPublicKey(text);
  });
}

// ---- primitives ----

/** 16-byte keys are two-key 3DES (k1|k2|k1); des-ede3 itself only takes 24. */
function desKey(k) {
  if (k.length === 24) return k;
  if (k.length !== 16) throw new Fail(`key-length: 3DES key is ${k.length} bytes, want 16 or 24`);
  return Buffer.concat([k, k.subarray(0, 8)]);
}

/** 3DES-EDE3 ECB (no IV) with PKCS#5 padding, OpenSSL's default. */
function tripleDes(encrypt, k, input) {
  const c = encrypt ? crypto.createCipheriv('des-ede3', k, null) : crypto.createDecipheriv('des-ede3', k, null);
  return Buffer.concat([c.update(input), c.final()]);
}

// RSAES-PKCS1-v1_5 decryption by Node's own OpenSSL; Node 20 allows it only under
// --security-revert=CVE-2023-46809, which the harness passes.
const rsaDecrypt = (priv, c) => crypto.privateDecrypt({ key: priv, padding: RSA_PKCS1_PADDING }, c);

const sign = (priv, s) => crypto.sign('sha256', Buffer.from(s, 'utf8'), { key: priv, padding: RSA_PKCS1_PADDING });

// ---- commands ----

function seal(sigPos, senderPriv, receiverPub, s) {
  const priv = loadKey(senderPriv, true);
  const pub = loadKey(receiverPub, false);
  const fields = s.split('|');
  if (sigPos > fields.length) throw new Fail(`usage: SIGPOS ${sigPos} > N ${fields.length}`);

  const k = crypto.randomBytes(24);
  const encKey = at('rsa', () => crypto.publicEncrypt({ key: pub, padding: RSA_PKCS1_PADDING }, k));
  const sig = at('signature', () => sign(priv, s).toString('base64'));
  fields.splice(sigPos, 0, sig);
  const data = at('3des', () => tripleDes(true, k, Buffer.from(fields.join('|'), 'utf8')));
  return `${b64url(encKey)}\t${b64url(data)}`;
}

function open(sigPos, n, receiverPriv, senderPub, key, data) {
  if (sigPos > n) throw new Fail(`usage: SIGPOS ${sigPos} > N ${n}`);
  const priv = loadKey(receiverPriv, true);
  const pub = loadKey(senderPub, false);
  const encKey = at('base64', () => b64decode(key));
  const encData = at('base64', () => b64decode(data));
  const raw = at('rsa', () => rsaDecrypt(priv, encKey));
  const k = desKey(raw);
  const plain = at('3des', () => tripleDes(false, k, encData));
  // Strict decoding: a lossy decode would silently change the signed bytes.
  let o;
  try {
    o = utf8.decode(plain);
  } catch {
    throw new Fail('3des: decrypted data is not valid UTF-8');
  }

  const fields = o.split('|');
  if (fields.length !== n + 1) throw new Fail(`field-count: expected ${n + 1}, got ${fields.length}`);
  const [sigField] = fields.splice(sigPos, 1);
  const s = fields.join('|');
  const sig = at('base64', () => b64decode(sigField));
  const valid = at('signature', () =>
    crypto.verify('sha256', Buffer.from(s, 'utf8'), { key: pub, padding: RSA_PKCS1_PADDING }, sig));
  if (!valid) throw new Fail('signature: verification failed');
  if (/[\r\n]/.test(s)) throw new Fail('output: S contains a line break');
  return `ok\t${s}`;
}

/** The last field takes the rest of the line, so S may itself contain TABs. */
function args(line, n) {
  const parts = line.split('\t');
  if (parts.length < n) throw new Fail(`usage: ${parts[0]} needs ${n - 1} arguments`);
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join('\t')];
}

function index(s) {
  if (!/^[0-9]{1,9}$/.test(s)) throw new Fail(`usage: not a non-negative integer: '${s}'`);
  return Number(s);
}

/** The members of a JSON object text, "name=value" in order, every value a string. */
function jsonMembers(text) {
  const o = at('json', () => JSON.parse(text));
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Fail('json: not a JSON object');
  const members = Object.entries(o);
  if (members.some(([, v]) => typeof v !== 'string')) throw new Fail('json: a member is not a string');
  const out = members.map(([k, v]) => `${k}=${v}`);
  if (out.some((m) => /[\t\r\n]/.test(m))) throw new Fail('output: a member contains a TAB or line break');
  return out;
}

function job(line) {
  const cmd = line.split('\t', 1)[0];
  switch (cmd) {
    case 'seal': {
      const f = args(line, 5);
      return seal(index(f[1]), f[2], f[3], f[4]);
    }
    case 'open': {
      const f = args(line, 7);
      return open(index(f[1]), index(f[2]), f[3], f[4], f[5], f[6]);
    }
    case 'sign': {
      const f = args(line, 3);
      return sign(loadKey(f[1], true), f[2]).toString('base64');
    }
    case 'encrypt3des': {
      const f = args(line, 3);
      if (!/^([0-9a-fA-F]{2})*$/.test(f[1])) throw new Fail('key-length: HEX_KEY is not hex');
      const k = desKey(Buffer.from(f[1], 'hex'));
      return b64url(tripleDes(true, k, Buffer.from(f[2], 'utf8')));
    }
    case 'json': {
      const f = args(line, 2);
      return `ok\t${jsonMembers(f[1]).join('\t')}`;
    }
    default:
      throw new Fail(`usage: unknown command '${cmd}'`);
  }
}

function main() {
  // readline decodes stdin as UTF-8 whatever the locale; stdout strings are written as UTF-8.
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  rl.on('line', (line) => {
    let result;
    try {
      result = job(line);
    } catch (e) {
      const reason = e instanceof Fail ? e.message : `internal: ${(e && e.message) || String(e)}`;
      // Keep the one-line-per-job contract even if a message has newlines.
      result = `fail\t${reason.replace(/[\t\r\n]+/g, ' ')}`;
    }
    process.stdout.write(`${result}\n`);
  });
}

main();
