<?php
// Gotadi B2B2C webview: a partner server's side, in PHP 8 with openssl_* only.
//
//   php gotadi_sample.php PACK.json demo               (the whole journey)
//   php gotadi_sample.php PACK.json login USER [flight|hotel]
//   php gotadi_sample.php PACK.json redirect URL       (your payment page)
//   php gotadi_sample.php PACK.json commit BOOKING [PARTNER_TRANS_ID]
//   php gotadi_sample.php PACK.json check BOOKING      (query-trans, polling)
//   php gotadi_sample.php PACK.json detail BOOKING
//
// PACK.json is the connection pack Gotadi (or gtd-mock --demo) gives you. The
// environment variables GTD_PARTNER_KEY and GTD_GOTADI_KEY name other key
// files (PEM or .NET XML <RSAKeyValue>); GTD_POLL_SECONDS is the first
// polling delay.
declare(strict_types=1);

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
const SCHEMAS = [
    'login-request' => ['access_code', 'user_id', 'layout?', 'product', 'signature'],
    'login-response' => ['access_code', 'error_code', 'redirect_url?', 'signature'],
    'place-order' => ['access_code', 'booking_number?', 'product_type?', 'signature', 'total_amount?'],
    'commit-request' => ['access_code', 'booking_number', 'partner_trans_id?', 'product_type', 'signature'],
    'commit-response' => ANSWER,
    'query-trans-request' => ['access_code', 'booking_number', 'signature'],
    'query-trans-response' => ANSWER,
];

// Every error code (mã lỗi) and what the app does: "retry" later (with
// back-off), "show" the user the outcome, "stop" and fix the integration.
const CODES = [
    '00' => ['Success', 'Thành công', 'done'],
    '01' => ['Being processed', 'Đang xử lý', 'retry'], // poll query-trans
    '02' => ['Processed, failed', 'Đã xử lý, thất bại', 'show'], // payment or issuance failed
    '03' => ['Agency account authentication failed', 'Xác thực tài khoản đại lý thất bại', 'stop'],
    '04' => ['Invalid signature', 'Chữ ký không hợp lệ', 'stop'], // keys, field order, alphabet
    '05' => ['Decryption failed', 'Giải mã thất bại', 'stop'], // not Gotadi's public key
    '06' => ['Invalid access code', 'Mã truy cập không hợp lệ', 'stop'],
    '07' => ['Malformed data', 'Dữ liệu sai định dạng', 'stop'],
    '08' => ['Already processed (duplicate)', 'Đã được xử lý (trùng lặp)', 'show'], // ask query-trans
    '09' => ['Not yet processed', 'Chưa được xử lý', 'retry'],
    '10' => ['Account information not found', 'Không tìm thấy thông tin tài khoản', 'show'],
    '99' => ['Other error', 'Lỗi khác', 'retry'],
];

// HTTP statuses that are not 200: 500 and 503 pass, anything else is ours to fix.
function http_action(int $status): string
{
    return $status === 500 || $status === 503 ? 'retry' : 'stop';
}

function action(string $code): string
{
    return CODES[$code][2] ?? 'stop';
}

function describe(string $code): string
{
    return $code . ' ' . (CODES[$code][0] ?? 'Unknown code') . ' -> ' . action($code);
}

/** An answer that is not a success: the code (or HTTP status) and what to do. */
final class Refused extends Exception
{
    public function __construct(public string $errorCode, string $what, public string $action)
    {
        parent::__construct("$errorCode $what -> $action");
    }

    public static function of(string $code): self
    {
        return new self($code, CODES[$code][0] ?? 'Unknown code', action($code));
    }
}

// ---------------------------------------------------------------------------
// CLASSIC MISTAKE 1, the two base64 alphabets (bảng mã base64):
//   key and data  -> URL-safe base64 ("-" and "_") WITHOUT "=" padding;
//   signature     -> STANDARD base64 ("+" and "/") WITH "=" padding.
// Mixing them up gives 05 (decryption failed) or 04 (invalid signature).
// When receiving, accept both alphabets, padded or not.
// ---------------------------------------------------------------------------
function b64url(string $raw): string
{
    return rtrim(strtr(base64_encode($raw), '+/', '-_'), '=');
}

function b64any(string $text): string
{
    if (!preg_match('~^[A-Za-z0-9+/_-]*={0,2}$~', $text)) {
        throw new RuntimeException('not base64');
    }
    $raw = base64_decode(strtr(rtrim($text, '='), '-_', '+/'), true);
    if ($raw === false) {
        throw new RuntimeException('not base64');
    }
    return $raw;
}

// ---------------------------------------------------------------------------
// Keys: PEM (SPKI, PKCS#8 or PKCS#1) or .NET XML <RSAKeyValue> (khóa XML),
// whose elements are base64 big-endian integers. OpenSSL only reads PEM, so
// an XML key becomes DER (PKCS#1 RSAPrivateKey, or SubjectPublicKeyInfo) then
// PEM.
// ---------------------------------------------------------------------------
function der(int $tag, string $content): string
{
    $n = strlen($content);
    if ($n < 128) {
        return chr($tag) . chr($n) . $content;
    }
    $len = ltrim(pack('N', $n), "\0");
    return chr($tag) . chr(0x80 | strlen($len)) . $len . $content;
}

function der_int(string $bigEndian): string
{
    $b = ltrim($bigEndian, "\0");
    if ($b === '' || ord($b[0]) & 0x80) {
        $b = "\0" . $b; // DER integers are signed
    }
    return der(0x02, $b);
}

function pem(string $label, string $der): string
{
    return "-----BEGIN $label-----\n" . chunk_split(base64_encode($der), 64, "\n") . "-----END $label-----\n";
}

function load_key(string $text, bool $private): OpenSSLAsymmetricKey
{
    if (str_contains($text, '<RSAKeyValue')) {
        $n = [];
        preg_match_all('~<(\w+)>([^<]*)</\1>~', $text, $m, PREG_SET_ORDER);
        foreach ($m as [, $name, $value]) {
            $n[$name] = base64_decode(preg_replace('~\s+~', '', $value), true);
        }
        if ($private) {
            $seq = der_int("\0");
            foreach (['Modulus', 'Exponent', 'D', 'P', 'Q', 'DP', 'DQ', 'InverseQ'] as $name) {
                $seq .= der_int($n[$name] ?? throw new RuntimeException("RSAKeyValue lacks <$name>"));
            }
            $text = pem('RSA PRIVATE KEY', der(0x30, $seq));
        } else {
            $rsa = der(0x30, der_int($n['Modulus']) . der_int($n['Exponent']));
            $algorithm = der(0x30, der(0x06, "\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01") . "\x05\x00");
            $text = pem('PUBLIC KEY', der(0x30, $algorithm . der(0x03, "\0" . $rsa)));
        }
    }
    $key = $private ? openssl_pkey_get_private($text) : openssl_pkey_get_public($text);
    if ($key === false) {
        throw new RuntimeException('unreadable key: ' . openssl_error_string());
    }
    return $key;
}

// ---------------------------------------------------------------------------
// The envelope (phong bì): {"key": K, "data": D}.
// ---------------------------------------------------------------------------
final class Envelope
{
    public function __construct(
        private OpenSSLAsymmetricKey $myPrivate, // signs what we send, decrypts what we get
        private OpenSSLAsymmetricKey $theirPublic, // encrypts our 3DES key, verifies Gotadi
    ) {
    }

    public function seal(array $fields, string $schema): array
    {
        $names = SCHEMAS[$schema];
        $values = [];
        foreach ($names as $n) {
            if ($n === 'signature') {
                continue;
            }
            $v = (string)($fields[rtrim($n, '?!')] ?? '');
            if (str_contains($v, '|') || (!str_ends_with($n, '?') && $v === '')) {
                throw new InvalidArgumentException("$schema: bad value for $n");
            }
            $values[] = $v;
        }
        // CLASSIC MISTAKE 3: the signature is SHA256withRSA, i.e. RSASSA-PKCS1-v1_5
        // over SHA-256 (chữ ký SHA256withRSA), not PSS, not SHA-1, not a raw hash.
        openssl_sign(implode('|', $values), $signature, $this->myPrivate, OPENSSL_ALGO_SHA256);
        array_splice($values, array_search('signature', $names, true), 0, [base64_encode($signature)]);
        $k = random_bytes(24); // a fresh 3DES key (khóa phiên) for every message
        // des-ede3 is DESede/ECB/PKCS5Padding: no IV; OPENSSL_RAW_DATA gives bytes, not base64.
        $data = openssl_encrypt(implode('|', $values), 'des-ede3', $k, OPENSSL_RAW_DATA);
        openssl_public_encrypt($k, $key, $this->theirPublic, OPENSSL_PKCS1_PADDING);
        return ['key' => b64url($key), 'data' => b64url($data)];
    }

    /** Opens and verifies an envelope; throws Refused with the code the gateway would give. */
    public function open(array $body, string $schema): array
    {
        $names = SCHEMAS[$schema];
        try {
            if (!openssl_private_decrypt(b64any((string)($body['key'] ?? '')), $k, $this->myPrivate, OPENSSL_PKCS1_PADDING)) {
                throw new RuntimeException('RSA');
            }
            if (strlen($k) === 16) {
                $k .= substr($k, 0, 8); // two-key 3DES
            }
            $original = openssl_decrypt(b64any((string)($body['data'] ?? '')), 'des-ede3', $k, OPENSSL_RAW_DATA);
            if ($original === false || !preg_match('//u', $original)) {
                throw new RuntimeException('3DES');
            }
        } catch (RuntimeException $e) {
            throw new Refused('05', "cannot decrypt $schema: " . $e->getMessage(), 'stop');
        }
        $values = explode('|', $original);
        if (count($values) !== count($names)) {
            throw new Refused('07', "$schema: " . count($values) . ' fields, want ' . count($names), 'stop');
        }
        [$signature] = array_splice($values, array_search('signature', $names, true), 1);
        try {
            $ok = openssl_verify(implode('|', $values), b64any($signature), $this->theirPublic, OPENSSL_ALGO_SHA256) === 1;
        } catch (RuntimeException) {
            $ok = false;
        }
        if (!$ok) {
            throw new Refused('04', "$schema: signature does not verify", 'stop');
        }
        $marked = array_values(array_filter($names, fn ($n) => $n !== 'signature'));
        $opened = array_combine(array_map(fn ($n) => rtrim($n, '?!'), $marked), $values);
        // "!": a processed booking (00, 01, 02) is always named, with its amount.
        if (in_array($opened['error_code'] ?? '', ['00', '01', '02'], true)) {
            foreach ($marked as $n) {
                $name = rtrim($n, '?!');
                if (str_ends_with($n, '!') && $opened[$name] === '') {
                    throw new Refused('07', "$schema: $name is empty with error code {$opened['error_code']}", 'stop');
                }
            }
        }
        return $opened;
    }
}

// ---------------------------------------------------------------------------
// The partner's calls to the gateway.
// ---------------------------------------------------------------------------
final class Gotadi
{
    public string $gateway;
    public string $apiKey;
    public string $accessCode;
    public string $partnerId;
    public Envelope $envelope;

    public function __construct(string $packPath)
    {
        $pack = json_decode(file_get_contents($packPath), true, 16, JSON_THROW_ON_ERROR);
        $this->gateway = rtrim(GATEWAY_URL !== '' ? GATEWAY_URL : $pack['gateway_url'], '/');
        $this->apiKey = $pack['api_key'];
        $this->accessCode = $pack['access_code'];
        $this->partnerId = $pack['partner_id'] ?? '';
        $mine = getenv('GTD_PARTNER_KEY') ?: ($pack['partner_private_key_path'] ?? PARTNER_KEY_FILE);
        $theirs = getenv('GTD_GOTADI_KEY') ? file_get_contents(getenv('GTD_GOTADI_KEY')) : $pack['gotadi_public_key'];
        $this->envelope = new Envelope(load_key(file_get_contents($mine), true), load_key($theirs, false));
    }

    public function http(string $method, string $path, ?array $body = null, array $headers = []): array
    {
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = "$name: $value";
        }
        $context = stream_context_create(['http' => [
            'method' => $method, 'header' => $lines, 'timeout' => 30, 'ignore_errors' => true,
            'content' => $body === null ? '' : json_encode($body, JSON_UNESCAPED_SLASHES),
        ]]);
        $answer = @file_get_contents($this->gateway . $path, false, $context);
        $status = isset($http_response_header[0]) ? (int)explode(' ', $http_response_header[0])[1] : 503;
        if ($answer === false || ($status !== 200 && $status !== 201)) {
            throw new Refused("HTTP $status", 'from the gateway', http_action($status));
        }
        return json_decode($answer, true, 64, JSON_THROW_ON_ERROR);
    }

    public function call(string $api, array $fields, string $request, string $response): array
    {
        $body = $this->envelope->seal($fields + ['access_code' => $this->accessCode], $request);
        $answer = $this->envelope->open($this->http('POST', "/api/partner/$api", $body, [
            'apikey' => $this->apiKey, 'x-ibe-req-name' => $this->accessCode, 'Content-Type' => 'application/json',
        ]), $response);
        if ($answer['access_code'] !== $this->accessCode) {
            throw new Refused('06', 'the answer is for another access code', 'stop');
        }
        return $answer;
    }

    /** Returns the webview URL to open in the app (đăng nhập). */
    public function login(string $userId, string $product = 'flight', ?string $accessCode = null): string
    {
        $a = $this->call('login', ['access_code' => $accessCode ?? $this->accessCode, 'user_id' => $userId,
            'layout' => 'dual', 'product' => $product], 'login-request', 'login-response');
        if ($a['error_code'] !== '00') {
            throw Refused::of($a['error_code']);
        }
        return $a['redirect_url'];
    }

    /** Your payment page: Gotadi sends the browser to PAYMENT_URL?key=K?data=D
     *  (or &data=D). Verify it before taking any money; the amount is VND.
     *  ($_GET cannot read "?key=K?data=D": take the raw $_SERVER['REQUEST_URI'].) */
    public function onPaymentRedirect(string $url): array
    {
        if (!preg_match('~[?&]key=([^?&]*)[?&]data=([^?&]*)~', $url, $m)) {
            throw new Refused('07', 'no key and data in the redirect', 'stop');
        }
        $order = $this->envelope->open(['key' => rawurldecode($m[1]), 'data' => rawurldecode($m[2])], 'place-order');
        if ($order['access_code'] !== $this->accessCode) {
            throw new Refused('06', 'place-order for another access code', 'stop');
        }
        // Gotadi documents these three as optional: without them there is
        // nothing to charge or commit, so the page stops here.
        foreach (['booking_number', 'product_type', 'total_amount'] as $n) {
            if ($order[$n] === '') {
                throw new Refused('07', "place-order: $n is empty", 'stop');
            }
        }
        return $order;
    }

    /** Tell Gotadi the booking is paid (xác nhận thanh toán). */
    public function commit(string $booking, string $partnerTransId = '', string $productType = 'AIR'): array
    {
        return $this->call('commit', ['booking_number' => $booking, 'partner_trans_id' => $partnerTransId,
            'product_type' => $productType], 'commit-request', 'commit-response');
    }

    public function query(string $booking): array
    {
        return $this->call('query-trans', ['booking_number' => $booking], 'query-trans-request', 'query-trans-response');
    }

    /** Check commit result with the journey's rule: finished iff payment
     *  FAILED, or payment and issuance both SUCCEEDED; otherwise poll with
     *  back-off (1 s, 2 s, 4 s... capped at 30 s). */
    public function check(string $booking, int $tries = 10): array
    {
        $delay = (float)(getenv('GTD_POLL_SECONDS') ?: 1);
        for ($attempt = 0; $attempt < $tries; $attempt++) {
            $a = $this->query($booking);
            if (finished(properties($a['properties'])) || action($a['error_code']) === 'stop') {
                return $a;
            }
            fwrite(STDERR, "  check $booking: " . describe($a['error_code']) . ", polling again in $delay s\n");
            usleep((int)($delay * 1e6));
            $delay = min($delay * 2, 30);
        }
        return $a;
    }

    /** Booking detail (chi tiết đặt chỗ): plain JSON, apikey header only. */
    public function detail(string $booking): array
    {
        return $this->http('GET', '/api/products/booking-detail?booking_number=' . rawurlencode($booking), null,
            ['apikey' => $this->apiKey]);
    }
}

/** properties is a JSON object text, as Gotadi documents it:
 *  {"status":"BOOKED","paymentStatus":"SUCCEEDED","issuedStatus":"SUCCEEDED"};
 *  empty when the answer carries no booking. Anything else is refused as
 *  malformed (07), never guessed at. */
function properties(string $text): array
{
    if ($text === '') {
        return [];
    }
    try {
        $st = json_decode($text, false, 4, JSON_THROW_ON_ERROR);
    } catch (JsonException) {
        $st = null;
    }
    if (!$st instanceof stdClass) {
        throw new Refused('07', "properties is not a JSON object: $text", 'stop');
    }
    return (array) $st;
}

function finished(array $st): bool
{
    $pay = $st['paymentStatus'] ?? '';
    return $pay === 'FAILED' || ($pay === 'SUCCEEDED' && ($st['issuedStatus'] ?? '') === 'SUCCEEDED');
}

function show_check(string $booking, array $a): void
{
    $st = properties($a['properties']);
    printf("check %s: %s, payment %s, issuance %s, %s\n", $booking, describe($a['error_code']),
        $st['paymentStatus'] ?? '', $st['issuedStatus'] ?? '', finished($st) ? 'finished' : 'not finished');
}

function show_detail(string $booking, array $d): void
{
    $i = $d['bookingInfo'];
    printf("detail %s: status %s, payment %s, issuance %s\n", $booking, $i['status'], $i['paymentStatus'], $i['issuedStatus']);
}

function show_order(array $o): void
{
    printf("payment page: booking %s %s, %s VND, signature verified\n", $o['booking_number'], $o['product_type'],
        $o['total_amount']);
}

// ---------------------------------------------------------------------------
// The demo: the whole journey against gtd-mock --demo.
// ---------------------------------------------------------------------------

/** A held booking, through gtd-mock's control API (mock only: the real
 *  gateway has no /__gtd/; there the user books in the webview). */
function mock_hold(Gotadi $g): string
{
    return $g->http('POST', '/__gtd/bookings', ['partner' => $g->partnerId, 'amount' => 1850000])['bookingNumber'];
}

/** What the webview does when the user goes to payment: place order with
 *  the user's token. Returns the redirect URL to the payment page. */
function mock_user_books(Gotadi $g, string $webviewUrl): string
{
    parse_str((string)parse_url($webviewUrl, PHP_URL_QUERY), $q);
    $booking = mock_hold($g);
    return $g->http('GET', "/api/partner/place-order?bookingNumber=$booking", null,
        ['Authorization' => 'Bearer ' . $q['access_token']])['result'];
}

function refused(string $class, string $what, callable $call): void
{
    try {
        $a = $call();
        if ($a['error_code'] !== '00') {
            throw Refused::of($a['error_code']);
        }
        echo "refused ($class): $what: accepted?!\n";
    } catch (Refused $r) {
        echo "refused ($class): $what: {$r->getMessage()}\n";
    }
}

function demo(Gotadi $g): void
{
    $url = $g->login('u1', 'flight');
    echo "login u1: webview $url\n";
    $order = $g->onPaymentRedirect(mock_user_books($g, $url));
    show_order($order);
    $b = $order['booking_number'];
    // gtd-issue-async asks the mock for a ticket issued later, so the check polls.
    $c = $g->commit($b, 'gtd-issue-async', $order['product_type']);
    echo "commit $b: " . describe($c['error_code']) . "\n";
    show_check($b, $g->check($b));
    show_detail($b, $g->detail($b));

    $other = mock_hold($g);
    refused('retry', "query-trans $other before its commit", fn () => $g->query($other));
    refused('show', 'commit ADCO2601010000999', fn () => $g->commit('ADCO2601010000999'));
    refused('stop', 'login with another access code', function () use ($g) {
        $g->login('u1', 'flight', 'WRONG-CODE');
        return ['error_code' => '00'];
    });
}

function main(array $argv): int
{
    if (count($argv) < 3) {
        fwrite(STDERR, "usage: php gotadi_sample.php PACK.json demo|login|redirect|commit|check|detail [ARG...]\n");
        return 2;
    }
    $g = new Gotadi($argv[1]);
    $cmd = $argv[2];
    $a = array_slice($argv, 3);
    try {
        switch ($cmd) {
            case 'demo':
                demo($g);
                break;
            case 'login':
                echo "login {$a[0]}: webview " . $g->login($a[0], $a[1] ?? 'flight') . "\n";
                break;
            case 'redirect':
                show_order($g->onPaymentRedirect($a[0]));
                break;
            case 'commit':
                echo "commit {$a[0]}: " . describe($g->commit(...$a)['error_code']) . "\n";
                break;
            case 'check':
                show_check($a[0], $g->check($a[0]));
                break;
            case 'tables': // the tables above, to compare with the kit's
                foreach (SCHEMAS as $name => $fields) {
                    echo "schema\t$name\t" . implode('|', $fields) . "\n";
                }
                foreach (CODES as $code => $row) {
                    echo "code\t" . sprintf('%02d', $code) . "\t" . implode("\t", $row) . "\n";
                }
                break;
            case 'detail':
                show_detail($a[0], $g->detail($a[0]));
                break;
            default:
                fwrite(STDERR, "unknown command $cmd\n");
                return 2;
        }
    } catch (Refused $r) {
        echo "$cmd: {$r->getMessage()}\n";
        return 1;
    }
    return 0;
}

exit(main($argv));
