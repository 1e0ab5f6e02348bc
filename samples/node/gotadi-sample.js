#!/usr/bin/env node
// Gotadi B2B2C webview: a partner server's side, in Node.js 20 with built-in
// modules only (crypto, fs, fetch).
//
//   node gotadi-sample.js PACK.json demo               (the whole journey)
//   node gotadi-sample.js PACK.json login USER [flight|hotel]
//   node gotadi-sample.js PACK.json redirect URL       (your payment page)
//   node gotadi-sample.js PACK.json commit BOOKING [PARTNER_TRANS_ID]
//   node gotadi-sample.js PACK.json check BOOKING      (query-trans, polling)
//   node gotadi-sample.js PACK.json detail BOOKING
//
// PACK.json is the connection pack Gotadi (or gtd-mock --demo) gives you. The
// environment variables GTD_PARTNER_KEY and GTD_GOTADI_KEY name other key
// files (PEM or .NET XML <RSAKeyValue>); GTD_POLL_SECONDS is the first
// polling delay.
'use strict';

const crypto = require('crypto');
const fs = require('fs');

const { RSA_PKCS1_PADDING } = crypto.constants;

// Your settings.
const GATEWAY_URL = ""; // the gateway; empty: the pack's (gtd-console export fills it in)
const PARTNER_KEY_FILE = "partner.pem"; // your private key, when the pack names none (Gotadi's packs never do)

// ---------------------------------------------------------------------------
// The messages (thông điệp), as data: every field in its order, "?" marks an
// optional field (sent empty, never left out), "!" a field an answer with
// error code 00, 01 or 02 must carry (another code may leave it empty).
//
// CLASSIC MISTAKE 2, field order of the signature data (dữ liệu ký): the
// signature covers the fields joined by "|" in exactly this order, WITHOUT
// the signature field. The signature then goes at its own place in the
// original data (dữ liệu gốc): last in requests, but BEFORE total_amount in
// place-order and in the commit/query-trans answers.
// ---------------------------------------------------------------------------
const ANSWER = ['access_code', 'booking_number!', 'error_code', 'product_type?', 'properties?',
  'return_url?', 'signature', 'total_amount!'];
const SCHEMAS = {
  'login-request': ['access_code', 'user_id', 'layout?', 'product', 'signature'],
  'login-response': ['access_code', 'error_code', 'redirect_url?', 'signature'],
  'place-order': ['access_code', 'booking_number?', 'product_type?', 'signature', 'total_amount?'],
  'commit-request': ['access_code', 'booking_number', 'partner_trans_id?', 'product_type', 'signature'],
  'commit-response': ANSWER,
  'query-trans-request': ['access_code', 'booking_number', 'signature'],
  'query-trans-response': ANSWER,
};

/** A schema's field name without its marker ("?" or "!"). */
const bare = (name) => name.replace(/[?!]$/, '');

// Every error code (mã lỗi) and what the app does: "retry" later (with
// back-off), "show" the user the outcome, "stop" and fix the integration.
const CODES = {
  '00': ['Success', 'Thành công', 'done'],
  '01': ['Being processed', 'Đang xử lý', 'retry'], // poll query-trans
  '02': ['Processed, failed', 'Đã xử lý, thất bại', 'show'], // payment or issuance failed
  '03': ['Agency account authentication failed', 'Xác thực tài khoản đại lý thất bại', 'stop'],
  '04': ['Invalid signature', 'Chữ ký không hợp lệ', 'stop'], // keys, field order, alphabet
  '05': ['Decryption failed', 'Giải mã thất bại', 'stop'], // not Gotadi's public key
  '06': ['Invalid access code', 'Mã truy cập không hợp lệ', 'stop'],
  '07': ['Malformed data', 'Dữ liệu sai định dạng', 'stop'],
  '08': ['Already processed (duplicate)', 'Đã được xử lý (trùng lặp)', 'show'], // ask query-trans
  '09': ['Not yet processed', 'Chưa được xử lý', 'retry'],
  '10': ['Account information not found', 'Không tìm thấy thông tin tài khoản', 'show'],
  '99': ['Other error', 'Lỗi khác', 'retry'],
};
// HTTP statuses that are not 200: 500 and 503 pass, anything else is ours to fix.
const httpAction = (status) => (status === 500 || status === 503 ? 'retry' : 'stop');
const action = (code) => (CODES[code] ? CODES[code][2] : 'stop');
const describe = (code) => `${code} ${CODES[code] ? CODES[code][0] : 'Unknown code'} -> ${action(code)}`;

/** An answer that is not a success: the code (or HTTP status) and what to do. */
class Refused extends Error {
  constructor(code, what, act) {
    super(`${code} ${what} -> ${act}`);
    this.code = code;
    this.action = act;
  }

  static of(code) {
    return new Refused(code, CODES[code] ? CODES[code][0] : 'Unknown code', action(code));
  }
}

// ---------------------------------------------------------------------------
// CLASSIC MISTAKE 1, the two base64 alphabets (bảng mã base64):
//   key and data  -> URL-safe base64 ("-" and "_") WITHOUT "=" padding;
//   signature     -> STANDARD base64 ("+" and "/") WITH "=" padding.
// Mixing them up gives 05 (decryption failed) or 04 (invalid signature).
// When receiving, accept both alphabets, padded or not.
// ---------------------------------------------------------------------------
const b64url = (buf) => buf.toString('base64url');
const b64std = (buf) => buf.toString('base64');
function b64any(text) {
  // Buffer.from skips characters it does not know: refuse them first.
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) throw new Error('not base64');
  return Buffer.from(text, 'base64'); // Node's decoder takes both alphabets
}

// ---------------------------------------------------------------------------
// Keys: PEM (SPKI, PKCS#8 or PKCS#1) or .NET XML <RSAKeyValue> (khóa XML),
// whose elements are base64 big-endian integers, which JWK takes directly.
// ---------------------------------------------------------------------------
const JWK = { Modulus: 'n', Exponent: 'e', D: 'd', P: 'p', Q: 'q', DP: 'dp', DQ: 'dq', InverseQ: 'qi' };
function loadKey(text, isPrivate) {
  if (text.includes('<RSAKeyValue')) {
    const jwk = { kty: 'RSA' };
    for (const [, name, value] of text.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) {
      if (!JWK[name]) continue;
      let b = Buffer.from(value.replace(/\s+/g, ''), 'base64');
      while (b.length > 1 && b[0] === 0) b = b.subarray(1); // JWK wants minimal integers
      jwk[JWK[name]] = b64url(b);
    }
    if (!isPrivate) return crypto.createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    return crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  }
  return isPrivate ? crypto.createPrivateKey(text) : crypto.createPublicKey(text);
}

// ---------------------------------------------------------------------------
// RSA PKCS#1 v1.5 decryption of the 3DES key.
//
// Node 20 refuses crypto.privateDecrypt with RSA_PKCS1_PADDING (the Marvin
// attack, CVE-2023-46809) unless started with
//     node --security-revert=CVE-2023-46809 gotadi-sample.js ...
// (which then prints a SECURITY WARNING line on standard output). Gotadi's
// protocol needs that padding, so without the flag this sample decrypts with
// pure JavaScript: BigInt modular exponentiation, then the padding check
// 00 02 PS(at least 8 non-zero bytes) 00 KEY. It is not constant-time: answer
// every failure the same way (05) and never say which check failed.
// ---------------------------------------------------------------------------
function modPow(base, exp, mod) {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

const big = (b64u) => BigInt(`0x${Buffer.from(b64u, 'base64url').toString('hex') || '0'}`);

function rsaDecryptPkcs1(privateKey, cipher) {
  try {
    return crypto.privateDecrypt({ key: privateKey, padding: RSA_PKCS1_PADDING }, cipher);
  } catch (e) {
    if (e.code !== 'ERR_INVALID_ARG_VALUE') throw e; // refused by policy, not a bad cipher text
  }
  const { n, p, q, dp, dq, qi } = privateKey.export({ format: 'jwk' });
  const size = Buffer.from(n, 'base64url').length;
  const c = BigInt(`0x${cipher.toString('hex')}`);
  if (cipher.length !== size || c >= big(n)) throw new Error('bad RSA cipher text');
  // CRT: m = m2 + q * (qi * (m1 - m2) mod p), four times faster than c^d mod n.
  const [P, Q] = [big(p), big(q)];
  const m1 = modPow(c, big(dp), P);
  const m2 = modPow(c, big(dq), Q);
  const m = m2 + Q * ((((m1 - m2) % P) + P) * big(qi) % P);
  const em = Buffer.from(m.toString(16).padStart(size * 2, '0'), 'hex');
  const zero = em.indexOf(0, 2);
  if (em[0] !== 0 || em[1] !== 2 || zero < 10) throw new Error('bad PKCS#1 v1.5 padding');
  return em.subarray(zero + 1);
}

// ---------------------------------------------------------------------------
// The envelope (phong bì): {"key": K, "data": D}.
// ---------------------------------------------------------------------------
class Envelope {
  constructor(myPrivate, theirPublic) {
    this.myPrivate = myPrivate; // signs what we send, decrypts what we get
    this.theirPublic = theirPublic; // encrypts our 3DES key, verifies Gotadi
  }

  seal(fields, schema) {
    const names = SCHEMAS[schema];
    const values = [];
    for (const n of names) {
      if (n === 'signature') continue;
      const v = String(fields[bare(n)] ?? '');
      if (v.includes('|') || (!n.endsWith('?') && v === '')) throw new Error(`${schema}: bad value for ${n}`);
      values.push(v);
    }
    const signatureData = Buffer.from(values.join('|'), 'utf8');
    // CLASSIC MISTAKE 3: the signature is SHA256withRSA, i.e. RSASSA-PKCS1-v1_5
    // over SHA-256 (chữ ký SHA256withRSA), not PSS, not SHA-1, not a raw hash.
    const signature = crypto.sign('sha256', signatureData, { key: this.myPrivate, padding: RSA_PKCS1_PADDING });
    values.splice(names.indexOf('signature'), 0, b64std(signature));
    const original = Buffer.from(values.join('|'), 'utf8');
    const k = crypto.randomBytes(24); // a fresh 3DES key (khóa phiên) for every message
    const des = crypto.createCipheriv('des-ede3', k, null); // DESede/ECB/PKCS5Padding, no IV
    const data = Buffer.concat([des.update(original), des.final()]);
    const key = crypto.publicEncrypt({ key: this.theirPublic, padding: RSA_PKCS1_PADDING }, k);
    return { key: b64url(key), data: b64url(data) };
  }

  /** Opens and verifies an envelope; throws Refused with the code the gateway would give. */
  open(body, schema) {
    const names = SCHEMAS[schema];
    let original;
    try {
      let k = rsaDecryptPkcs1(this.myPrivate, b64any(body.key));
      if (k.length === 16) k = Buffer.concat([k, k.subarray(0, 8)]); // two-key 3DES
      const des = crypto.createDecipheriv('des-ede3', k, null);
      const plain = Buffer.concat([des.update(b64any(body.data)), des.final()]);
      original = new TextDecoder('utf-8', { fatal: true }).decode(plain);
    } catch (e) {
      throw new Refused('05', `cannot decrypt ${schema}: ${e.message}`, 'stop');
    }
    const values = original.split('|');
    if (values.length !== names.length) {
      throw new Refused('07', `${schema}: ${values.length} fields, want ${names.length}`, 'stop');
    }
    const [signature] = values.splice(names.indexOf('signature'), 1);
    let ok = false;
    try {
      ok = crypto.verify('sha256', Buffer.from(values.join('|'), 'utf8'),
        { key: this.theirPublic, padding: RSA_PKCS1_PADDING }, b64any(signature));
    } catch (e) {
      ok = false;
    }
    if (!ok) throw new Refused('04', `${schema}: signature does not verify`, 'stop');
    const plain = names.filter((n) => n !== 'signature');
    const opened = Object.fromEntries(plain.map((n, i) => [bare(n), values[i]]));
    // "!": a processed booking (00, 01, 02) is always named, with its amount.
    if (['00', '01', '02'].includes(opened.error_code)) {
      for (const n of plain) {
        if (n.endsWith('!') && opened[bare(n)] === '') {
          throw new Refused('07', `${schema}: ${bare(n)} is empty with error code ${opened.error_code}`, 'stop');
        }
      }
    }
    return opened;
  }
}

// ---------------------------------------------------------------------------
// The partner's calls to the gateway.
// ---------------------------------------------------------------------------
class Gotadi {
  constructor(packPath) {
    const pack = JSON.parse(fs.readFileSync(packPath, 'utf8'));
    this.gateway = (GATEWAY_URL || pack.gateway_url).replace(/\/+$/, '');
    this.apiKey = pack.api_key;
    this.accessCode = pack.access_code;
    this.partnerId = pack.partner_id;
    const mine = process.env.GTD_PARTNER_KEY || pack.partner_private_key_path || PARTNER_KEY_FILE;
    const theirs = process.env.GTD_GOTADI_KEY ? fs.readFileSync(process.env.GTD_GOTADI_KEY, 'utf8')
      : pack.gotadi_public_key;
    this.envelope = new Envelope(loadKey(fs.readFileSync(mine, 'utf8'), true), loadKey(theirs, false));
  }

  async http(method, path, body, headers = {}) {
    const r = await fetch(this.gateway + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30000),
    });
    if (r.status !== 200 && r.status !== 201) throw new Refused(`HTTP ${r.status}`, 'from the gateway', httpAction(r.status));
    return r.json();
  }

  async call(api, fields, request, response) {
    const body = this.envelope.seal({ access_code: this.accessCode, ...fields }, request);
    const answer = this.envelope.open(await this.http('POST', `/api/partner/${api}`, body, {
      apikey: this.apiKey, 'x-ibe-req-name': this.accessCode, 'Content-Type': 'application/json',
    }), response);
    if (answer.access_code !== this.accessCode) throw new Refused('06', 'the answer is for another access code', 'stop');
    return answer;
  }

  /** Returns the webview URL to open in the app (đăng nhập). */
  async login(userId, product = 'flight', accessCode = this.accessCode) {
    const a = await this.call('login', { access_code: accessCode, user_id: userId, layout: 'dual', product },
      'login-request', 'login-response');
    if (a.error_code !== '00') throw Refused.of(a.error_code);
    return a.redirect_url;
  }

  /** Your payment page: Gotadi sends the browser to PAYMENT_URL?key=K?data=D
   *  (or &data=D). Verify it before taking any money; the amount is VND. */
  onPaymentRedirect(url) {
    const m = /[?&]key=([^?&]*)[?&]data=([^?&]*)/.exec(url);
    if (!m) throw new Refused('07', 'no key and data in the redirect', 'stop');
    const order = this.envelope.open({ key: decodeURIComponent(m[1]), data: decodeURIComponent(m[2]) }, 'place-order');
    if (order.access_code !== this.accessCode) throw new Refused('06', 'place-order for another access code', 'stop');
    // Gotadi documents these three as optional: without them there is
    // nothing to charge or commit, so the page stops here.
    for (const n of ['booking_number', 'product_type', 'total_amount']) {
      if (order[n] === '') throw new Refused('07', `place-order: ${n} is empty`, 'stop');
    }
    return order;
  }

  /** Tell Gotadi the booking is paid (xác nhận thanh toán). */
  commit(booking, partnerTransId = '', productType = 'AIR') {
    return this.call('commit', { booking_number: booking, partner_trans_id: partnerTransId, product_type: productType },
      'commit-request', 'commit-response');
  }

  query(booking) {
    return this.call('query-trans', { booking_number: booking }, 'query-trans-request', 'query-trans-response');
  }

  /** Check commit result with the journey's rule: finished iff payment
   *  FAILED, or payment and issuance both SUCCEEDED; otherwise poll with
   *  back-off (1 s, 2 s, 4 s... capped at 30 s). */
  async check(booking, tries = 10) {
    let delay = Number(process.env.GTD_POLL_SECONDS || 1);
    let a;
    for (let attempt = 0; attempt < tries; attempt++) {
      a = await this.query(booking);
      if (finished(properties(a.properties)) || action(a.error_code) === 'stop') return a;
      process.stderr.write(`  check ${booking}: ${describe(a.error_code)}, polling again in ${delay} s\n`);
      await new Promise((resolve) => setTimeout(resolve, delay * 1000));
      delay = Math.min(delay * 2, 30);
    }
    return a;
  }

  /** Booking detail (chi tiết đặt chỗ): plain JSON, apikey header only. */
  detail(booking) {
    return this.http('GET', `/api/products/booking-detail?booking_number=${encodeURIComponent(booking)}`,
      undefined, { apikey: this.apiKey });
  }
}

/** properties is a JSON object text, as Gotadi documents it:
 *  {"status":"BOOKED","paymentStatus":"SUCCEEDED","issuedStatus":"SUCCEEDED"};
 *  empty when the answer carries no booking. Anything else is refused as
 *  malformed (07), never guessed at. */
function properties(text) {
  if (text === '') return {};
  let st;
  try {
    st = JSON.parse(text);
  } catch {
    st = null;
  }
  if (st === null || typeof st !== 'object' || Array.isArray(st)) {
    throw new Refused('07', `properties is not a JSON object: ${text}`, 'stop');
  }
  return st;
}

function finished(st) {
  return st.paymentStatus === 'FAILED' || (st.paymentStatus === 'SUCCEEDED' && st.issuedStatus === 'SUCCEEDED');
}

function showCheck(booking, a) {
  const st = properties(a.properties);
  console.log(`check ${booking}: ${describe(a.error_code)}, payment ${st.paymentStatus}, `
    + `issuance ${st.issuedStatus}, ${finished(st) ? 'finished' : 'not finished'}`);
}

function showDetail(booking, d) {
  const i = d.bookingInfo;
  console.log(`detail ${booking}: status ${i.status}, payment ${i.paymentStatus}, issuance ${i.issuedStatus}`);
}

function showOrder(o) {
  console.log(`payment page: booking ${o.booking_number} ${o.product_type}, ${o.total_amount} VND, signature verified`);
}

// ---------------------------------------------------------------------------
// The demo: the whole journey against gtd-mock --demo.
// ---------------------------------------------------------------------------

/** A held booking, through gtd-mock's control API (mock only: the real
 *  gateway has no /__gtd/; there the user books in the webview). */
async function mockHold(g) {
  return (await g.http('POST', '/__gtd/bookings', { partner: g.partnerId, amount: 1850000 })).bookingNumber;
}

/** What the webview does when the user goes to payment: place order with
 *  the user's token. Returns the redirect URL to the payment page. */
async function mockUserBooks(g, webviewUrl) {
  const token = new URL(webviewUrl).searchParams.get('access_token');
  const booking = await mockHold(g);
  const order = await g.http('GET', `/api/partner/place-order?bookingNumber=${booking}`, undefined,
    { Authorization: `Bearer ${token}` });
  return order.result;
}

async function refused(klass, what, call) {
  try {
    const a = await call();
    if (a.error_code !== '00') throw Refused.of(a.error_code);
    console.log(`refused (${klass}): ${what}: accepted?!`);
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    console.log(`refused (${klass}): ${what}: ${e.message}`);
  }
}

async function demo(g) {
  const url = await g.login('u1', 'flight');
  console.log(`login u1: webview ${url}`);
  const order = g.onPaymentRedirect(await mockUserBooks(g, url));
  showOrder(order);
  const b = order.booking_number;
  // gtd-issue-async asks the mock for a ticket issued later, so the check polls.
  const c = await g.commit(b, 'gtd-issue-async', order.product_type);
  console.log(`commit ${b}: ${describe(c.error_code)}`);
  showCheck(b, await g.check(b));
  showDetail(b, await g.detail(b));

  const other = await mockHold(g);
  await refused('retry', `query-trans ${other} before its commit`, () => g.query(other));
  await refused('show', 'commit ADCO2601010000999', () => g.commit('ADCO2601010000999'));
  await refused('stop', 'login with another access code', () => g.login('u1', 'flight', 'WRONG-CODE'));
}

async function main(argv) {
  if (argv.length < 2) {
    console.error('usage: node gotadi-sample.js PACK.json demo|login|redirect|commit|check|detail [ARG...]');
    return 2;
  }
  const g = new Gotadi(argv[0]);
  const [cmd, ...a] = argv.slice(1);
  try {
    switch (cmd) {
      case 'demo': await demo(g); break;
      case 'login': console.log(`login ${a[0]}: webview ${await g.login(a[0], a[1] || 'flight')}`); break;
      case 'redirect': showOrder(g.onPaymentRedirect(a[0])); break;
      case 'commit': console.log(`commit ${a[0]}: ${describe((await g.commit(...a)).error_code)}`); break;
      case 'check': showCheck(a[0], await g.check(a[0])); break;
      case 'detail': showDetail(a[0], await g.detail(a[0])); break;
      case 'tables': // the tables above, to compare with the kit's
        for (const [name, fields] of Object.entries(SCHEMAS)) console.log(`schema\t${name}\t${fields.join('|')}`);
        for (const [code, row] of Object.entries(CODES)) console.log(`code\t${code}\t${row.join('\t')}`);
        break;
      default: console.error(`unknown command ${cmd}`); return 2;
    }
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    console.log(`${cmd}: ${e.message}`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then((status) => { process.exitCode = status; });
