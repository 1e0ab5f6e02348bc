// Gotadi B2B2C webview: a partner server's side, in Go (1.19+), standard
// library only (crypto/rsa, crypto/des, net/http, encoding/json, encoding/xml).
//
//	go build -o gotadi-sample gotadi_sample.go
//	./gotadi-sample PACK.json demo               (the whole journey)
//	./gotadi-sample PACK.json login USER [flight|hotel]
//	./gotadi-sample PACK.json redirect URL       (your payment page)
//	./gotadi-sample PACK.json commit BOOKING [PARTNER_TRANS_ID]
//	./gotadi-sample PACK.json check BOOKING      (query-trans, polling)
//	./gotadi-sample PACK.json detail BOOKING
//
// PACK.json is the connection pack Gotadi (or gtd-mock --demo) gives you. The
// environment variables GTD_PARTNER_KEY and GTD_GOTADI_KEY name other key
// files (PEM or .NET XML <RSAKeyValue>); GTD_POLL_SECONDS is the first
// polling delay.
package main

import (
	"bytes"
	"crypto"
	"crypto/des"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Your settings.
const (
	gatewayURL     = ""            // the gateway; empty: the pack's (gtd-console export fills it in)
	partnerKeyFile = "partner.pem" // your private key, when the pack names none (Gotadi's packs never do)
)

// The messages (thông điệp), as data: every field in its order, "?" marks an
// optional field (sent empty, never left out), "!" a field an answer with
// error code 00, 01 or 02 must carry (another code may leave it empty).
//
// CLASSIC MISTAKE 2, field order of the signature data (dữ liệu ký): the
// signature covers the fields joined by "|" in exactly this order, WITHOUT
// the signature field. The signature then goes at its own place in the
// original data (dữ liệu gốc): last in requests, but BEFORE total_amount in
// place-order and in the commit/query-trans answers.
var answer = []string{"access_code", "booking_number!", "error_code", "product_type?", "properties?",
	"return_url?", "signature", "total_amount!"}

var schemas = map[string][]string{
	"login-request":        {"access_code", "user_id", "layout?", "product", "signature"},
	"login-response":       {"access_code", "error_code", "redirect_url?", "signature"},
	"place-order":          {"access_code", "booking_number?", "product_type?", "signature", "total_amount?"},
	"commit-request":       {"access_code", "booking_number", "partner_trans_id?", "product_type", "signature"},
	"commit-response":      answer,
	"query-trans-request":  {"access_code", "booking_number", "signature"},
	"query-trans-response": answer,
}

// bare is a schema's field name without its marker ("?" or "!").
func bare(name string) string { return strings.TrimRight(name, "?!") }

// Every error code (mã lỗi) and what the app does: "retry" later (with
// back-off), "show" the user the outcome, "stop" and fix the integration.
var codes = map[string][3]string{
	"00": {"Success", "Thành công", "done"},
	"01": {"Being processed", "Đang xử lý", "retry"},          // poll query-trans
	"02": {"Processed, failed", "Đã xử lý, thất bại", "show"}, // payment or issuance failed
	"03": {"Agency account authentication failed", "Xác thực tài khoản đại lý thất bại", "stop"},
	"04": {"Invalid signature", "Chữ ký không hợp lệ", "stop"}, // keys, field order, alphabet
	"05": {"Decryption failed", "Giải mã thất bại", "stop"},    // not Gotadi's public key
	"06": {"Invalid access code", "Mã truy cập không hợp lệ", "stop"},
	"07": {"Malformed data", "Dữ liệu sai định dạng", "stop"},
	"08": {"Already processed (duplicate)", "Đã được xử lý (trùng lặp)", "show"}, // ask query-trans
	"09": {"Not yet processed", "Chưa được xử lý", "retry"},
	"10": {"Account information not found", "Không tìm thấy thông tin tài khoản", "show"},
	"99": {"Other error", "Lỗi khác", "retry"},
}

// httpAction: HTTP statuses that are not 200: 500 and 503 pass, anything else is ours to fix.
func httpAction(status int) string {
	if status == 500 || status == 503 {
		return "retry"
	}
	return "stop"
}

func action(code string) string {
	if c, ok := codes[code]; ok {
		return c[2]
	}
	return "stop"
}

func describe(code string) string {
	name := "Unknown code"
	if c, ok := codes[code]; ok {
		name = c[0]
	}
	return code + " " + name + " -> " + action(code)
}

// Refused is an answer that is not a success: the code (or HTTP status) and what to do.
type Refused struct{ Code, What, Action string }

func (r *Refused) Error() string { return r.Code + " " + r.What + " -> " + r.Action }

func refusedOf(code string) *Refused {
	name := "Unknown code"
	if c, ok := codes[code]; ok {
		name = c[0]
	}
	return &Refused{code, name, action(code)}
}

// CLASSIC MISTAKE 1, the two base64 alphabets (bảng mã base64):
//
//	key and data  -> URL-safe base64 ("-" and "_") WITHOUT "=" padding;
//	signature     -> STANDARD base64 ("+" and "/") WITH "=" padding.
//
// Mixing them up gives 05 (decryption failed) or 04 (invalid signature).
// When receiving, accept both alphabets, padded or not.
func b64any(s string) ([]byte, error) {
	s = strings.TrimRight(strings.NewReplacer("-", "+", "_", "/").Replace(s), "=")
	return base64.RawStdEncoding.DecodeString(s)
}

// Keys: PEM (SPKI, PKCS#8 or PKCS#1) or .NET XML <RSAKeyValue> (khóa XML),
// whose elements are base64 big-endian integers.
type xmlKey struct {
	Modulus, Exponent, D, P, Q, DP, DQ, InverseQ string
}

func xmlInt(s string) *big.Int {
	b, _ := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
	return new(big.Int).SetBytes(b)
}

func parseXML(text string) (*rsa.PrivateKey, error) {
	var k xmlKey
	if err := xml.Unmarshal([]byte(text), &k); err != nil {
		return nil, err
	}
	if k.Modulus == "" || k.Exponent == "" {
		return nil, errors.New("RSAKeyValue lacks Modulus or Exponent")
	}
	priv := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: xmlInt(k.Modulus), E: int(xmlInt(k.Exponent).Int64())}}
	if k.D != "" {
		priv.D = xmlInt(k.D)
		priv.Primes = []*big.Int{xmlInt(k.P), xmlInt(k.Q)}
		if err := priv.Validate(); err != nil {
			return nil, err
		}
		priv.Precompute()
	}
	return priv, nil
}

func loadPrivate(text string) (*rsa.PrivateKey, error) {
	if strings.Contains(text, "<RSAKeyValue") {
		k, err := parseXML(text)
		if err == nil && k.D == nil {
			err = errors.New("RSAKeyValue has no private part")
		}
		return k, err
	}
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, errors.New("neither PEM nor RSAKeyValue")
	}
	if block.Type == "RSA PRIVATE KEY" {
		return x509.ParsePKCS1PrivateKey(block.Bytes)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	if rk, ok := k.(*rsa.PrivateKey); ok {
		return rk, nil
	}
	return nil, errors.New("not an RSA key")
}

func loadPublic(text string) (*rsa.PublicKey, error) {
	if strings.Contains(text, "<RSAKeyValue") {
		k, err := parseXML(text)
		if err != nil {
			return nil, err
		}
		return &k.PublicKey, nil
	}
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, errors.New("neither PEM nor RSAKeyValue")
	}
	if block.Type == "RSA PUBLIC KEY" {
		return x509.ParsePKCS1PublicKey(block.Bytes)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	if rk, ok := k.(*rsa.PublicKey); ok {
		return rk, nil
	}
	return nil, errors.New("not an RSA key")
}

// 3DES-EDE3 in ECB mode with PKCS#5 padding (Java's DESede/ECB/PKCS5Padding):
// Go has no ECB mode on purpose, so each 8-byte block goes through the cipher.
func tripleDES(encrypt bool, key, in []byte) ([]byte, error) {
	if len(key) == 16 {
		key = append(append([]byte{}, key...), key[:8]...) // two-key 3DES
	}
	c, err := des.NewTripleDESCipher(key)
	if err != nil {
		return nil, err
	}
	if encrypt {
		pad := 8 - len(in)%8
		in = append(append([]byte{}, in...), bytes.Repeat([]byte{byte(pad)}, pad)...)
	} else if len(in) == 0 || len(in)%8 != 0 {
		return nil, errors.New("data is not whole 8-byte blocks")
	}
	out := make([]byte, len(in))
	for i := 0; i < len(in); i += 8 {
		if encrypt {
			c.Encrypt(out[i:i+8], in[i:i+8])
		} else {
			c.Decrypt(out[i:i+8], in[i:i+8])
		}
	}
	if encrypt {
		return out, nil
	}
	pad := int(out[len(out)-1])
	if pad < 1 || pad > 8 || !bytes.Equal(out[len(out)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		return nil, errors.New("bad padding")
	}
	return out[:len(out)-pad], nil
}

// Envelope (phong bì) is {"key": K, "data": D}.
type Envelope struct {
	MyPrivate   *rsa.PrivateKey // signs what we send, decrypts what we get
	TheirPublic *rsa.PublicKey  // encrypts our 3DES key, verifies Gotadi
}

func index(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

// Seal seals the fields of a message for Gotadi.
func (e *Envelope) Seal(fields map[string]string, schema string) (map[string]string, error) {
	names := schemas[schema]
	var values []string
	for _, n := range names {
		if n == "signature" {
			continue
		}
		v := fields[bare(n)]
		if strings.Contains(v, "|") || (!strings.HasSuffix(n, "?") && v == "") {
			return nil, fmt.Errorf("%s: bad value for %s", schema, n)
		}
		values = append(values, v)
	}
	// CLASSIC MISTAKE 3: the signature is SHA256withRSA, i.e. RSASSA-PKCS1-v1_5
	// over SHA-256 (chữ ký SHA256withRSA), not PSS, not SHA-1, not a raw hash.
	digest := sha256.Sum256([]byte(strings.Join(values, "|")))
	sig, err := rsa.SignPKCS1v15(rand.Reader, e.MyPrivate, crypto.SHA256, digest[:])
	if err != nil {
		return nil, err
	}
	at := index(names, "signature")
	values = append(values[:at], append([]string{base64.StdEncoding.EncodeToString(sig)}, values[at:]...)...)
	k := make([]byte, 24) // a fresh 3DES key (khóa phiên) for every message
	if _, err := rand.Read(k); err != nil {
		return nil, err
	}
	data, err := tripleDES(true, k, []byte(strings.Join(values, "|")))
	if err != nil {
		return nil, err
	}
	key, err := rsa.EncryptPKCS1v15(rand.Reader, e.TheirPublic, k) // Java's "RSA" = RSA/ECB/PKCS1Padding
	if err != nil {
		return nil, err
	}
	return map[string]string{"key": base64.RawURLEncoding.EncodeToString(key),
		"data": base64.RawURLEncoding.EncodeToString(data)}, nil
}

// Open opens and verifies an envelope; the error is a *Refused with the code the gateway would give.
func (e *Envelope) Open(body map[string]string, schema string) (map[string]string, error) {
	names := schemas[schema]
	decrypt := func() (string, error) {
		ek, err := b64any(body["key"])
		if err != nil {
			return "", err
		}
		k, err := rsa.DecryptPKCS1v15(rand.Reader, e.MyPrivate, ek)
		if err != nil {
			return "", err
		}
		ed, err := b64any(body["data"])
		if err != nil {
			return "", err
		}
		plain, err := tripleDES(false, k, ed)
		if err == nil && !utf8.Valid(plain) {
			err = errors.New("not UTF-8")
		}
		return string(plain), err
	}
	original, err := decrypt()
	if err != nil {
		return nil, &Refused{"05", "cannot decrypt " + schema + ": " + err.Error(), "stop"}
	}
	values := strings.Split(original, "|")
	if len(values) != len(names) {
		return nil, &Refused{"07", fmt.Sprintf("%s: %d fields, want %d", schema, len(values), len(names)), "stop"}
	}
	at := index(names, "signature")
	sig, err := b64any(values[at])
	values = append(values[:at:at], values[at+1:]...)
	digest := sha256.Sum256([]byte(strings.Join(values, "|")))
	if err != nil || rsa.VerifyPKCS1v15(e.TheirPublic, crypto.SHA256, digest[:], sig) != nil {
		return nil, &Refused{"04", schema + ": signature does not verify", "stop"}
	}
	fields := map[string]string{}
	i := 0
	for _, n := range names {
		if n != "signature" {
			fields[bare(n)] = values[i]
			i++
		}
	}
	// "!": a processed booking (00, 01, 02) is always named, with its amount.
	if code := fields["error_code"]; code == "00" || code == "01" || code == "02" {
		for _, n := range names {
			if strings.HasSuffix(n, "!") && fields[bare(n)] == "" {
				return nil, &Refused{"07", schema + ": " + bare(n) + " is empty with error code " + code, "stop"}
			}
		}
	}
	return fields, nil
}

// Gotadi holds the partner's credentials and makes its calls to the gateway.
type Gotadi struct {
	Gateway, APIKey, AccessCode, PartnerID string
	Envelope                               *Envelope
	client                                 http.Client
}

type pack struct {
	GatewayURL        string `json:"gateway_url"`
	APIKey            string `json:"api_key"`
	AccessCode        string `json:"access_code"`
	PartnerID         string `json:"partner_id"`
	GotadiPublicKey   string `json:"gotadi_public_key"`
	PartnerPrivateKey string `json:"partner_private_key_path"`
}

func newGotadi(path string) (*Gotadi, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p pack
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	mine := p.PartnerPrivateKey
	if mine == "" {
		mine = partnerKeyFile
	}
	if gatewayURL != "" {
		p.GatewayURL = gatewayURL
	}
	if v := os.Getenv("GTD_PARTNER_KEY"); v != "" {
		mine = v
	}
	theirs := p.GotadiPublicKey
	if v := os.Getenv("GTD_GOTADI_KEY"); v != "" {
		b, err := os.ReadFile(v)
		if err != nil {
			return nil, err
		}
		theirs = string(b)
	}
	mineText, err := os.ReadFile(mine)
	if err != nil {
		return nil, err
	}
	priv, err := loadPrivate(string(mineText))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", mine, err)
	}
	pub, err := loadPublic(theirs)
	if err != nil {
		return nil, fmt.Errorf("Gotadi's key: %w", err)
	}
	return &Gotadi{Gateway: strings.TrimRight(p.GatewayURL, "/"), APIKey: p.APIKey, AccessCode: p.AccessCode,
		PartnerID: p.PartnerID, Envelope: &Envelope{priv, pub}, client: http.Client{Timeout: 30 * time.Second}}, nil
}

// HTTP sends a request and decodes the JSON answer into out.
func (g *Gotadi) HTTP(method, path string, body interface{}, headers map[string]string, out interface{}) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, g.Gateway+path, rd)
	if err != nil {
		return err
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	r, err := g.client.Do(req)
	if err != nil {
		return &Refused{"HTTP", err.Error(), "retry"}
	}
	defer r.Body.Close()
	if r.StatusCode != 200 && r.StatusCode != 201 {
		return &Refused{"HTTP " + strconv.Itoa(r.StatusCode), "from the gateway", httpAction(r.StatusCode)}
	}
	return json.NewDecoder(r.Body).Decode(out)
}

func (g *Gotadi) call(api string, fields map[string]string, request, response string) (map[string]string, error) {
	if _, ok := fields["access_code"]; !ok {
		fields["access_code"] = g.AccessCode
	}
	body, err := g.Envelope.Seal(fields, request)
	if err != nil {
		return nil, err
	}
	var sealed map[string]string
	err = g.HTTP("POST", "/api/partner/"+api, body, map[string]string{"apikey": g.APIKey,
		"x-ibe-req-name": g.AccessCode, "Content-Type": "application/json"}, &sealed)
	if err != nil {
		return nil, err
	}
	a, err := g.Envelope.Open(sealed, response)
	if err == nil && a["access_code"] != g.AccessCode {
		err = &Refused{"06", "the answer is for another access code", "stop"}
	}
	return a, err
}

// Login returns the webview URL to open in the app (đăng nhập).
func (g *Gotadi) Login(userID, product, accessCode string) (string, error) {
	a, err := g.call("login", map[string]string{"access_code": accessCode, "user_id": userID, "layout": "dual",
		"product": product}, "login-request", "login-response")
	if err != nil {
		return "", err
	}
	if a["error_code"] != "00" {
		return "", refusedOf(a["error_code"])
	}
	return a["redirect_url"], nil
}

var redirectRE = regexp.MustCompile(`[?&]key=([^?&]*)[?&]data=([^?&]*)`)

// OnPaymentRedirect is your payment page: Gotadi sends the browser to
// PAYMENT_URL?key=K?data=D (or &data=D). Verify it before taking any money;
// the amount is VND. (r.URL.Query() cannot split "?key=K?data=D": use r.URL.RawQuery.)
func (g *Gotadi) OnPaymentRedirect(u string) (map[string]string, error) {
	m := redirectRE.FindStringSubmatch(u)
	if m == nil {
		return nil, &Refused{"07", "no key and data in the redirect", "stop"}
	}
	k, _ := url.QueryUnescape(m[1])
	d, _ := url.QueryUnescape(m[2])
	order, err := g.Envelope.Open(map[string]string{"key": k, "data": d}, "place-order")
	if err == nil && order["access_code"] != g.AccessCode {
		err = &Refused{"06", "place-order for another access code", "stop"}
	}
	// Gotadi documents these three as optional: without them there is
	// nothing to charge or commit, so the page stops here.
	for _, n := range []string{"booking_number", "product_type", "total_amount"} {
		if err == nil && order[n] == "" {
			err = &Refused{"07", "place-order: " + n + " is empty", "stop"}
		}
	}
	return order, err
}

// Commit tells Gotadi the booking is paid (xác nhận thanh toán).
func (g *Gotadi) Commit(booking, partnerTransID, productType string) (map[string]string, error) {
	return g.call("commit", map[string]string{"booking_number": booking, "partner_trans_id": partnerTransID,
		"product_type": productType}, "commit-request", "commit-response")
}

// Query is one check-commit-result call.
func (g *Gotadi) Query(booking string) (map[string]string, error) {
	return g.call("query-trans", map[string]string{"booking_number": booking},
		"query-trans-request", "query-trans-response")
}

// Check checks the commit result with the journey's rule: finished iff
// payment FAILED, or payment and issuance both SUCCEEDED; otherwise poll with
// back-off (1 s, 2 s, 4 s... capped at 30 s).
func (g *Gotadi) Check(booking string) (map[string]string, error) {
	delay := 1.0
	if v, err := strconv.ParseFloat(os.Getenv("GTD_POLL_SECONDS"), 64); err == nil {
		delay = v
	}
	var a map[string]string
	var err error
	for attempt := 0; attempt < 10; attempt++ {
		if a, err = g.Query(booking); err != nil {
			return nil, err
		}
		st, err := properties(a["properties"])
		if err != nil {
			return nil, err
		}
		if finished(st) || action(a["error_code"]) == "stop" {
			return a, nil
		}
		fmt.Fprintf(os.Stderr, "  check %s: %s, polling again in %g s\n", booking, describe(a["error_code"]), delay)
		time.Sleep(time.Duration(delay * float64(time.Second)))
		if delay *= 2; delay > 30 {
			delay = 30
		}
	}
	return a, nil
}

// Booking is what the sample reads of booking detail (chi tiết đặt chỗ).
type Booking struct {
	BookingNumber string `json:"bookingNumber"`
	BookingInfo   struct {
		Status        string `json:"status"`
		PaymentStatus string `json:"paymentStatus"`
		IssuedStatus  string `json:"issuedStatus"`
	} `json:"bookingInfo"`
}

// Detail is booking detail: plain JSON, apikey header only.
func (g *Gotadi) Detail(booking string) (*Booking, error) {
	var b Booking
	err := g.HTTP("GET", "/api/products/booking-detail?booking_number="+url.QueryEscape(booking), nil,
		map[string]string{"apikey": g.APIKey}, &b)
	return &b, err
}

// properties is a JSON object text, as Gotadi documents it:
// {"status":"BOOKED","paymentStatus":"SUCCEEDED","issuedStatus":"SUCCEEDED"};
// empty when the answer carries no booking. Anything else is refused as
// malformed (07), never guessed at.
func properties(text string) (map[string]string, error) {
	if text == "" {
		return map[string]string{}, nil
	}
	var st map[string]string // stays nil for the JSON text null
	if err := json.Unmarshal([]byte(text), &st); err != nil || st == nil {
		return nil, &Refused{"07", "properties is not a JSON object: " + text, "stop"}
	}
	return st, nil
}

func finished(st map[string]string) bool {
	pay := st["paymentStatus"]
	return pay == "FAILED" || (pay == "SUCCEEDED" && st["issuedStatus"] == "SUCCEEDED")
}

// showCheck shows what Check returned: its properties parse (Check refused
// any that does not).
func showCheck(booking string, a map[string]string) {
	st, _ := properties(a["properties"])
	state := "not finished"
	if finished(st) {
		state = "finished"
	}
	fmt.Printf("check %s: %s, payment %s, issuance %s, %s\n", booking, describe(a["error_code"]),
		st["paymentStatus"], st["issuedStatus"], state)
}

func showDetail(booking string, d *Booking) {
	i := d.BookingInfo
	fmt.Printf("detail %s: status %s, payment %s, issuance %s\n", booking, i.Status, i.PaymentStatus, i.IssuedStatus)
}

func showOrder(o map[string]string) {
	fmt.Printf("payment page: booking %s %s, %s VND, signature verified\n", o["booking_number"], o["product_type"],
		o["total_amount"])
}

// The demo: the whole journey against gtd-mock --demo.

// mockHold holds a booking through gtd-mock's control API (mock only: the
// real gateway has no /__gtd/; there the user books in the webview).
func mockHold(g *Gotadi) (string, error) {
	var held struct {
		BookingNumber string `json:"bookingNumber"`
	}
	err := g.HTTP("POST", "/__gtd/bookings", map[string]interface{}{"partner": g.PartnerID, "amount": 1850000}, nil, &held)
	return held.BookingNumber, err
}

// mockUserBooks does what the webview does when the user goes to payment:
// place order with the user's token. It returns the redirect URL.
func mockUserBooks(g *Gotadi, webviewURL string) (string, error) {
	u, err := url.Parse(webviewURL)
	if err != nil {
		return "", err
	}
	booking, err := mockHold(g)
	if err != nil {
		return "", err
	}
	var order struct {
		Result string `json:"result"`
	}
	err = g.HTTP("GET", "/api/partner/place-order?bookingNumber="+booking, nil,
		map[string]string{"Authorization": "Bearer " + u.Query().Get("access_token")}, &order)
	return order.Result, err
}

func refused(class, what string, call func() (map[string]string, error)) error {
	a, err := call()
	if err == nil && a["error_code"] != "00" {
		err = refusedOf(a["error_code"])
	}
	var r *Refused
	switch {
	case err == nil:
		fmt.Printf("refused (%s): %s: accepted?!\n", class, what)
	case errors.As(err, &r):
		fmt.Printf("refused (%s): %s: %s\n", class, what, r)
	default:
		return err
	}
	return nil
}

func demo(g *Gotadi) error {
	webview, err := g.Login("u1", "flight", g.AccessCode)
	if err != nil {
		return err
	}
	fmt.Printf("login u1: webview %s\n", webview)
	redirect, err := mockUserBooks(g, webview)
	if err != nil {
		return err
	}
	order, err := g.OnPaymentRedirect(redirect)
	if err != nil {
		return err
	}
	showOrder(order)
	b := order["booking_number"]
	// gtd-issue-async asks the mock for a ticket issued later, so the check polls.
	c, err := g.Commit(b, "gtd-issue-async", order["product_type"])
	if err != nil {
		return err
	}
	fmt.Printf("commit %s: %s\n", b, describe(c["error_code"]))
	a, err := g.Check(b)
	if err != nil {
		return err
	}
	showCheck(b, a)
	d, err := g.Detail(b)
	if err != nil {
		return err
	}
	showDetail(b, d)

	other, err := mockHold(g)
	if err != nil {
		return err
	}
	if err := refused("retry", "query-trans "+other+" before its commit", func() (map[string]string, error) {
		return g.Query(other)
	}); err != nil {
		return err
	}
	if err := refused("show", "commit ADCO2601010000999", func() (map[string]string, error) {
		return g.Commit("ADCO2601010000999", "", "AIR")
	}); err != nil {
		return err
	}
	return refused("stop", "login with another access code", func() (map[string]string, error) {
		_, err := g.Login("u1", "flight", "WRONG-CODE")
		return map[string]string{"error_code": "00"}, err
	})
}

func arg(a []string, i int, def string) string {
	if i < len(a) {
		return a[i]
	}
	return def
}

func run(argv []string) int {
	if len(argv) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gotadi-sample PACK.json demo|login|redirect|commit|check|detail [ARG...]")
		return 2
	}
	g, err := newGotadi(argv[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	cmd, a := argv[1], argv[2:]
	if cmd != "demo" && cmd != "tables" && len(a) == 0 {
		fmt.Fprintln(os.Stderr, cmd+" needs an argument")
		return 2
	}
	switch cmd {
	case "demo":
		err = demo(g)
	case "login":
		var u string
		if u, err = g.Login(a[0], arg(a, 1, "flight"), g.AccessCode); err == nil {
			fmt.Printf("login %s: webview %s\n", a[0], u)
		}
	case "redirect":
		var o map[string]string
		if o, err = g.OnPaymentRedirect(a[0]); err == nil {
			showOrder(o)
		}
	case "commit":
		var c map[string]string
		if c, err = g.Commit(a[0], arg(a, 1, ""), arg(a, 2, "AIR")); err == nil {
			fmt.Printf("commit %s: %s\n", a[0], describe(c["error_code"]))
		}
	case "check":
		var c map[string]string
		if c, err = g.Check(a[0]); err == nil {
			showCheck(a[0], c)
		}
	case "tables": // the tables above, to compare with the kit's
		for name, fields := range schemas {
			fmt.Printf("schema\t%s\t%s\n", name, strings.Join(fields, "|"))
		}
		for code, row := range codes {
			fmt.Printf("code\t%s\t%s\n", code, strings.Join(row[:], "\t"))
		}
	case "detail":
		var d *Booking
		if d, err = g.Detail(a[0]); err == nil {
			showDetail(a[0], d)
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown command "+cmd)
		return 2
	}
	var r *Refused
	if errors.As(err, &r) {
		fmt.Printf("%s: %s\n", cmd, r)
		return 1
	} else if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

func main() { os.Exit(run(os.Args[1:])) }
