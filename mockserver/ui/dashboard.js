/* The dashboard: plain DOM, no library.  Every value from the mock goes in
 * as text (textContent), never as markup: a journal holds whatever clients
 * sent.  The journal is polled with since= once a second. */
'use strict';
(function () {
var TABLE = JSON.parse(document.getElementById('gtd-table').textContent);
var TOKEN = sessionStorage.getItem('gtdToken');
var POLL_MS = 1000;
var KEEP = 2000;
var apiByName = {};
TABLE.apis.forEach(function (a) { apiByName[a.name] = a; });

/* ---- helpers ---- */
function el(tag, attrs) {
	var e = document.createElement(tag), i, k;
	for (k in attrs || {}) {
		if (k === 'text') e.textContent = attrs[k];
		else if (k === 'class') e.className = attrs[k];
		else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
		else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) e.setAttribute(k, attrs[k]);
	}
	for (i = 2; i < arguments.length; i++) add(e, arguments[i]);
	return e;
}
function add(parent, c) {
	if (c === null || c === undefined || c === false) return;
	if (Array.isArray(c)) { c.forEach(function (x) { add(parent, x); }); return; }
	parent.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
}
function $(id) { return document.getElementById(id); }
function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
function toast(msg, bad) {
	var t = $('toast');
	t.textContent = msg;
	t.className = 'toast' + (bad ? ' bad' : '');
	t.hidden = false;
	clearTimeout(toast.timer);
	toast.timer = setTimeout(function () { t.hidden = true; }, 4000);
}
function call(method, path, body) {
	var opts = {method: method, headers: {}};
	if (TOKEN) opts.headers['X-Gtd-Control-Token'] = TOKEN;
	if (body !== undefined) {
		opts.headers['Content-Type'] = 'application/json';
		opts.body = JSON.stringify(body);
	}
	return fetch(path, opts).then(function (r) {
		return r.text().then(function (t) {
			var j = null;
			try { j = t ? JSON.parse(t) : null; } catch (e) { j = null; }
			if (!r.ok) {
				var err = new Error((j && j.message) || ('HTTP ' + r.status));
				err.status = r.status;
				throw err;
			}
			return j;
		});
	});
}
function fail(e) { toast(e.message, true); }
function time(iso) { return iso ? iso.replace('T', ' ').replace('Z', '') : ''; }
function hms(iso) { return iso ? iso.slice(11, 19) : ''; }
function short(iso) { return iso ? iso.slice(5, 10) + ' ' + iso.slice(11, 19) : ''; }
function duration(s) {
	var neg = s < 0, out = [];
	s = Math.abs(Math.round(s));
	if (s >= 86400) { out.push(Math.floor(s / 86400) + 'd'); s %= 86400; }
	if (s >= 3600) { out.push(Math.floor(s / 3600) + 'h'); s %= 3600; }
	if (s >= 60) { out.push(Math.floor(s / 60) + 'm'); s %= 60; }
	if (s || !out.length) out.push(s + 's');
	return (neg ? '-' : '') + out.join(' ');
}
function vnd(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.') + ' VND'; }
function codeBadge(c) {
	if (!c) return '';
	return el('span', {class: 'badge ' + (c === '00' ? 'ok' : 'bad'), title: codeText(c), text: c});
}
function codeText(c) {
	var i;
	for (i = 0; i < TABLE.codes.length; i++) if (TABLE.codes[i].code === c) return TABLE.codes[i].en;
	return '';
}
function httpBadge(h) {
	return el('span', {class: 'badge ' + (h >= 200 && h < 300 ? 'ok' : h >= 400 || h === 0 ? 'bad' : 'warn'),
		text: h === 0 ? 'dropped' : String(h)});
}
function failed(e) { return e.http >= 400 || e.http === 0 || (e.error_code && e.error_code !== '00'); }
function shq(s) { return "'" + String(s).replace(/'/g, "'\\''") + "'"; }
function option(value, label) { return el('option', {value: value, text: label || value}); }

/* ---- tabs ---- */
var current = 'journal';
function show(tab) {
	current = tab;
	Array.prototype.forEach.call(document.querySelectorAll('#tabs button'), function (b) {
		b.setAttribute('aria-selected', b.dataset.tab === tab ? 'true' : 'false');
	});
	Array.prototype.forEach.call(document.querySelectorAll('section.tab'), function (s) {
		s.hidden = s.id !== 'tab-' + tab;
	});
	if (location.hash !== '#' + tab) history.replaceState(null, '', '#' + tab);
	refresh[tab]();
}
$('tabs').addEventListener('click', function (e) {
	if (e.target.dataset && e.target.dataset.tab) show(e.target.dataset.tab);
});

/* ---- journal ---- */
var entries = [], lastId = 0, selected = null, polling = false, firstLoad = true;
var jf = $('jfilters');
TABLE.apis.forEach(function (a) { jf.api.appendChild(option(a.name)); });
TABLE.codes.forEach(function (c) { jf.code.appendChild(option(c.code, c.code + ' ' + c.en)); });

function journalUrl(since) {
	var u = '/__gtd/journal?control=' + (jf.control.checked ? 1 : 0);
	return u + (since ? '&since=' + since : '&limit=500');
}
function matches(e) {
	var q = jf.q.value.trim().toLowerCase();
	if (jf.partner.value && e.partner !== jf.partner.value) return false;
	if (jf.api.value && e.api !== jf.api.value) return false;
	if (jf.code.value && e.error_code !== jf.code.value) return false;
	if (jf.http.value && String(e.http) !== jf.http.value.trim()) return false;
	if (q && JSON.stringify(e).toLowerCase().indexOf(q) < 0) return false;
	return true;
}
function journalRow(e, fresh) {
	var tr = el('tr', {'data-id': e.id, class: (failed(e) ? 'fail' : '') + (fresh ? ' new' : '') +
			(selected === e.id ? ' selected' : ''), onclick: function () { openEntry(e.id); }},
		el('td', {class: 'num', text: e.id}),
		el('td', {class: 'hide-narrow', text: hms(e.time)}),
		el('td', {text: e.api || e.method + ' ' + e.path}),
		el('td', {class: 'hide-narrow', text: e.partner || ''}),
		el('td', null, httpBadge(e.http)),
		el('td', null, codeBadge(e.error_code)),
		el('td', {class: 'wide', text: e.why || ''}));
	return tr;
}
function drawJournal(freshIds) {
	var body = clear($('jlist').tBodies[0]), shown = 0, i;
	for (i = entries.length - 1; i >= 0 && shown < 500; i--) {
		if (!matches(entries[i])) continue;
		body.appendChild(journalRow(entries[i], freshIds && freshIds[entries[i].id]));
		shown++;
	}
	$('jstatus').textContent = shown + ' shown, ' + entries.length + ' kept · live';
}
function pollJournal() {
	if (polling) return;
	polling = true;
	call('GET', journalUrl(firstLoad ? 0 : lastId)).then(function (list) {
		var fresh = {};
		polling = false;
		if (!list) return;
		if (!firstLoad) list.forEach(function (e) { fresh[e.id] = 1; });
		firstLoad = false;
		if (list.length) {
			entries = entries.concat(list);
			if (entries.length > KEEP) entries = entries.slice(entries.length - KEEP);
			lastId = list[list.length - 1].id;
		}
		if (list.length || !$('jlist').tBodies[0].rows.length) drawJournal(fresh);
		fillPartners();
	}, function (e) { polling = false; $('jstatus').textContent = 'not live: ' + e.message; });
}
function reloadJournal() { entries = []; lastId = 0; firstLoad = true; pollJournal(); }
jf.addEventListener('input', function (e) {
	if (e.target.name === 'control') reloadJournal(); else drawJournal();
});
jf.addEventListener('submit', function (e) { e.preventDefault(); });

function section(title) { return el('h3', {text: title}); }
function kv(obj) {
	var dl = el('dl', {class: 'kv'}), k;
	for (k in obj) add(dl, [el('dt', {text: k}), el('dd', {text: typeof obj[k] === 'string' ? obj[k] : JSON.stringify(obj[k])})]);
	return dl;
}
var SHOWN = {id: 1, time: 1, method: 1, path: 1, api: 1, partner: 1, http: 1, error_code: 1, why: 1, checks: 1,
	likely_cause: 1, signature_data: 1, fields: 1, apikey: 1, 'x-ibe-req-name': 1, before: 1, after: 1,
	request_body: 1, booking: 1, via: 1};
function curlOf(e) {
	var a = apiByName[e.api], url = location.origin + e.path, parts;
	if (a && a.path && e.booking && e.method === 'GET' && /booking/.test(a.name))
		url += (a.name === 'place-order' ? '?bookingNumber=' : '?booking_number=') + encodeURIComponent(e.booking);
	parts = ['curl -i -X ' + e.method + ' ' + shq(url)];
	if (e.apikey !== undefined) parts.push("-H \"apikey: $GTD_API_KEY\"");
	if (e['x-ibe-req-name'] !== undefined && e['x-ibe-req-name'] !== null) parts.push("-H \"x-ibe-req-name: $GTD_ACCESS_CODE\"");
	if (e.request_body) {
		parts.push("-H 'Content-Type: application/json'");
		parts.push('--data-binary ' + shq(e.request_body));
	}
	return parts.join(' \\\n  ');
}
function openEntry(id) {
	selected = id;
	Array.prototype.forEach.call($('jlist').tBodies[0].rows, function (r) {
		r.classList.toggle('selected', Number(r.dataset.id) === id);
	});
	call('GET', '/__gtd/journal/' + id).then(drawEntry, fail);
}
function drawEntry(e) {
	var d = clear($('jdetail')), rest = {}, k, curl = curlOf(e), bad = failed(e);
	d.hidden = false;
	d.dataset.id = e.id;
	add(d, el('h2', {text: '#' + e.id + ' ' + e.method + ' ' + e.path}));
	add(d, el('div', {class: 'actions'}, httpBadge(e.http), codeBadge(e.error_code),
		el('span', {class: 'muted', text: time(e.time) + (e.partner ? ' · ' + e.partner : '') +
			(e.booking ? ' · ' + e.booking : '') + (e.via ? ' · via ' + e.via : '')})));
	if (e.why) add(d, el('p', {class: 'why' + (bad ? ' bad' : ''), 'data-part': 'why'}, el('strong', {text: bad ? 'Why it failed: ' : 'Why: '}), e.why));
	if (e.likely_cause) add(d, [section('Likely cause'), el('p', {class: 'cause', 'data-part': 'likely-cause', text: e.likely_cause})]);
	if (e.checks && e.checks.length) {
		add(d, section('Checks'));
		add(d, el('ul', {class: 'checks', 'data-part': 'checks'}, e.checks.map(function (c) {
			return el('li', {class: c.ok ? 'ok' : 'bad'}, el('span', {class: 'mark', text: c.ok ? '✓' : '✗'}),
				el('strong', {text: c.check}), el('span', {text: c.detail}));
		})));
	}
	if (e.signature_data !== undefined)
		add(d, [section('Signature data verified'), el('pre', {'data-part': 'signature-data', text: e.signature_data})]);
	if (e.apikey !== undefined || e['x-ibe-req-name'] !== undefined)
		add(d, [section('Headers (masked)'), kv({apikey: e.apikey, 'x-ibe-req-name': e['x-ibe-req-name']})]);
	if (e.fields) add(d, [section('Decrypted fields'), kv(e.fields)]);
	if (e.before || e.after) add(d, [section('Booking'), kv({before: e.before, after: e.after})]);
	for (k in e) if (!SHOWN[k]) rest[k] = e[k];
	if (Object.keys(rest).length) add(d, [section('More'), kv(rest)]);
	add(d, section('Request as curl'));
	add(d, el('pre', {'data-part': 'curl', text: curl}));
	add(d, el('div', {class: 'actions'}, el('button', {type: 'button', text: 'Copy as curl', onclick: function () {
		(navigator.clipboard ? navigator.clipboard.writeText(curl) : Promise.reject(new Error('no clipboard')))
			.then(function () { toast('Copied. Set GTD_API_KEY and GTD_ACCESS_CODE first.'); }, fail);
	}}), el('a', {href: '/__gtd/journal/' + e.id + '?pretty=1', target: '_blank', rel: 'noopener', text: 'as JSON'})));
}

/* ---- partners (for the selects) ---- */
var partners = {};
function fillPartners() {
	var names = {};
	entries.forEach(function (e) { if (e.partner) names[e.partner] = 1; });
	Object.keys(names).forEach(function (p) {
		if (partners[p]) return;
		partners[p] = 1;
		jf.partner.appendChild(option(p));
		$('fform').partner.appendChild(option(p));
	});
}
function loadPartners() {
	call('GET', '/__gtd/health').then(function (h) {
		(h.partners || []).forEach(function (p) {
			if (partners[p.id]) return;
			partners[p.id] = 1;
			jf.partner.appendChild(option(p.id));
			$('fform').partner.appendChild(option(p.id));
		});
	}, function () {});
}

/* ---- bookings ---- */
var openBooking = null;
function loadBookings(redraw) {
	call('GET', '/__gtd/bookings').then(function (list) {
		var body = clear($('blist').tBodies[0]);
		list.slice().reverse().forEach(function (b) {
			body.appendChild(el('tr', {'data-booking': b.bookingNumber, class: openBooking === b.bookingNumber ? 'selected' : '',
				onclick: function () { openBookingDetail(b.bookingNumber); }},
				el('td', {class: 'mono', text: b.bookingNumber}), el('td', {class: 'hide-narrow', text: b.partner}),
				el('td', {class: 'num', text: vnd(b.amount)}),
				el('td', {class: 'wrap'}, el('span', {class: 'badge', text: b.status}), ' ',
					el('span', {class: 'muted', text: b.paymentStatus + ' · ' + b.issuedStatus})),
				el('td', {text: b.ttl_seconds !== undefined ? duration(b.ttl_seconds) : '—'})));
		});
		if (openBooking && redraw === true) list.forEach(function (b) { if (b.bookingNumber === openBooking) drawBooking(b); });
	}, fail);
}
function bookingAction(n, op) {
	call('POST', '/__gtd/bookings/' + encodeURIComponent(n) + '/' + op, {}).then(function () {
		toast(n + ': ' + op + ' done');
		loadBookings(true);
	}, fail);
}
function openBookingDetail(n) { openBooking = n; loadBookings(true); }
function drawBooking(b) {
	var d = clear($('bdetail')), secs = el('input', {inputmode: 'numeric', size: 7, value: b.ttl_seconds ? b.ttl_seconds + 1 : 60, 'aria-label': 'seconds'});
	d.hidden = false;
	add(d, el('h2', {text: b.bookingNumber}));
	add(d, kv({partner: b.partner, product: b.product, amount: vnd(b.amount), status: b.status,
		paymentStatus: b.paymentStatus, issuedStatus: b.issuedStatus, committed: String(b.committed),
		created: time(b.created), timeToLive: b.timeToLive ? time(b.timeToLive) + ' (' + duration(b.ttl_seconds) + ')' : '—',
		traveller: b.traveller || ''}));
	add(d, el('div', {class: 'actions'},
		el('button', {type: 'button', class: 'secondary', text: 'Refund', onclick: function () { bookingAction(b.bookingNumber, 'refund'); }}),
		el('button', {type: 'button', class: 'danger', text: 'Cancel', onclick: function () { bookingAction(b.bookingNumber, 'cancel'); }}),
		el('button', {type: 'button', class: 'secondary', text: 'Fault on this booking', onclick: function () {
			$('fform').booking.value = b.bookingNumber;
			show('faults');
		}})));
	add(d, el('div', {class: 'actions'}, 'Advance the clock by ', secs, ' s ',
		el('button', {type: 'button', text: 'Advance', onclick: function () { advance(Number(secs.value)); }})));
	add(d, section('Timeline'));
	var ol = el('ol', {class: 'timeline'});
	add(d, ol);
	call('GET', '/__gtd/journal?limit=200&booking=' + encodeURIComponent(b.bookingNumber)).then(function (list) {
		list.forEach(function (e) {
			var st = e.after ? ' → ' + [e.after.status, e.after.paymentStatus, e.after.issuedStatus].join(' / ') : '';
			ol.appendChild(el('li', {class: failed(e) ? 'fail' : ''},
				el('div', null, el('strong', {text: time(e.time) + ' ' + (e.api || e.path) + ' '}), httpBadge(e.http), ' ', codeBadge(e.error_code)),
				el('div', {class: 'muted', text: (e.why || '') + st})));
		});
		if (!list.length) ol.appendChild(el('li', {class: 'muted', text: 'Nothing in the journal in memory.'}));
	}, fail);
}

/* ---- outbox ---- */
var openMail = null, mailView = 'html';
function loadOutbox() {
	call('GET', '/__gtd/outbox').then(function (list) {
		var body = clear($('olist').tBodies[0]);
		list.slice().reverse().forEach(function (m) {
			body.appendChild(el('tr', {'data-mail': m.id, class: openMail === m.id ? 'selected' : '',
				onclick: function () { openMessage(m.id); }},
				el('td', {text: short(m.date)}), el('td', null, el('span', {class: 'badge', text: m.kind})),
				el('td', {class: 'hide-narrow', text: m.to}), el('td', {class: 'wide words', text: m.subject}), el('td', {class: 'mono hide-narrow', text: m.booking})));
		});
	}, fail);
}
function openMessage(id) {
	openMail = id;
	Array.prototype.forEach.call($('olist').tBodies[0].rows, function (r) { r.classList.toggle('selected', r.dataset.mail === id); });
	call('GET', '/__gtd/outbox/' + encodeURIComponent(id)).then(drawMessage, fail);
}
function drawMessage(m) {
	var d = clear($('odetail')), views = {html: 'HTML', text: 'Text', headers: 'Headers', raw: 'Raw'}, tabs = el('div', {class: 'subtabs', role: 'tablist'}), box = el('div'), k;
	d.hidden = false;
	add(d, el('h2', {text: m.subject}));
	add(d, kv({to: m.to, kind: m.kind, booking: m.booking, date: time(m.date)}));
	function view(v) {
		mailView = v;
		Array.prototype.forEach.call(tabs.children, function (b) { b.setAttribute('aria-selected', b.dataset.view === v ? 'true' : 'false'); });
		clear(box);
		if (v === 'html') box.appendChild(el('iframe', {class: 'mail', sandbox: '', title: 'the HTML part', srcdoc: m.html || '(no HTML part)'}));
		else if (v === 'text') box.appendChild(el('pre', {text: m.text || '(no text part)'}));
		else if (v === 'headers') box.appendChild(kv(m.headers.reduce(function (o, h) { o[h.name] = h.value; return o; }, {})));
		else box.appendChild(el('pre', {text: m.raw}));
	}
	for (k in views) tabs.appendChild(el('button', {type: 'button', role: 'tab', 'data-view': k, text: views[k], onclick: function (ev) { view(ev.target.dataset.view); }}));
	add(d, [tabs, box]);
	view(mailView);
}

/* ---- faults ---- */
var ff = $('fform');
TABLE.apis.forEach(function (a) { if (a.faults) ff.api.appendChild(option(a.name)); });
TABLE.actions.forEach(function (a) { ff.action.appendChild(option(a)); });
function valueField() {
	var span = clear($('fvalue')), a = ff.action.value, input;
	if (a === 'code') {
		input = el('select', {name: 'value'});
		TABLE.codes.forEach(function (c) { if (c.code !== '00') input.appendChild(option(c.code, c.code + ' ' + c.en)); });
	} else if (a === 'corrupt') {
		input = el('select', {name: 'value'}, option('signature'), option('data'));
	} else if (a === 'drop') {
		input = el('span', {class: 'muted', text: 'the connection closes without an answer'});
	} else {
		input = el('input', {name: 'value', inputmode: 'numeric', value: a === 'http' ? '503' : '2000'});
	}
	span.appendChild(input);
}
ff.action.addEventListener('change', valueField);
valueField();
function describe(spec) {
	var a = spec.action || {}, k = Object.keys(a)[0];
	return k === 'drop' ? 'drop' : k + ' ' + a[k];
}
function loadFaults() {
	call('GET', '/__gtd/faults').then(function (list) {
		var body = clear($('flist').tBodies[0]);
		list.forEach(function (f) {
			var m = f.spec.match || {};
			body.appendChild(el('tr', {'data-fault': f.id},
				el('td', {class: 'num', text: f.id}), el('td', {text: m.api || 'any'}), el('td', {text: m.partner || 'any'}),
				el('td', {class: 'mono', text: m.booking || 'any'}), el('td', {text: describe(f.spec)}),
				el('td', {text: f.remaining !== undefined ? f.remaining : '∞'}), el('td', {class: 'num', text: f.fired}),
				el('td', null, el('button', {type: 'button', class: 'danger', text: 'Delete', onclick: function (ev) {
					ev.stopPropagation();
					call('DELETE', '/__gtd/faults/' + f.id).then(function () { toast('Fault ' + f.id + ' removed'); loadFaults(); }, fail);
				}}))));
		});
	}, fail);
}
ff.addEventListener('submit', function (ev) {
	var spec = {match: {}, action: {}}, a = ff.action.value, v = ff.elements.value, n;
	ev.preventDefault();
	$('ferror').textContent = '';
	if (ff.api.value) spec.match.api = ff.api.value;
	if (ff.partner.value) spec.match.partner = ff.partner.value;
	if (ff.booking.value.trim()) spec.match.booking = ff.booking.value.trim();
	if (a === 'drop') spec.action.drop = true;
	else if (a === 'code' || a === 'corrupt') spec.action[a] = v.value;
	else spec.action[a] = Number(v.value);
	if (ff.count.value.trim()) spec.count = Number(ff.count.value);
	if (ff.probability.value.trim()) spec.probability = Number(ff.probability.value);
	if (ff.seed.value.trim()) spec.seed = Number(ff.seed.value);
	call('POST', '/__gtd/faults', spec).then(function (r) {
		n = r.id;
		toast('Fault ' + n + ' armed');
		loadFaults();
	}, function (e) { $('ferror').textContent = e.message; });
});

/* ---- clock ---- */
function drawClock(c) {
	var off = c.offset_seconds;
	$('clockbar').textContent = 'virtual ' + time(c.now) + ' UTC' + (off ? ' (' + (off > 0 ? '+' : '') + duration(off) + ')' : '');
	$('cnow').textContent = time(c.now) + ' UTC';
	$('coffset').textContent = off ? (off > 0 ? 'Ahead of' : 'Behind') + ' the wall clock by ' + duration(Math.abs(off))
		: 'Same as the wall clock';
	$('cwall').textContent = 'Wall clock: ' + time(new Date().toISOString().slice(0, 19) + 'Z') + ' UTC';
}
function loadClock() { call('GET', '/__gtd/clock').then(drawClock, function () {}); }
function advance(s) {
	if (!(s >= 1)) { toast('seconds must be a whole number from 1', true); return; }
	call('POST', '/__gtd/clock/advance', {seconds: Math.round(s)}).then(function (c) {
		drawClock(c);
		$('cresult').textContent = 'Moved ' + duration(s) + '; ' + c.bookings_changed + ' booking(s) changed.';
		if (current === 'bookings') loadBookings(true);
	}, fail);
}
$('cform').addEventListener('click', function (e) {
	if (e.target.dataset && e.target.dataset.advance) advance(Number(e.target.dataset.advance));
});
$('cform').addEventListener('submit', function (e) { e.preventDefault(); advance(Number($('cform').seconds.value)); });
$('creset').addEventListener('click', function () {
	call('POST', '/__gtd/clock/set', {offset_seconds: 0}).then(function (c) {
		drawClock(c);
		$('cresult').textContent = 'Back to real time; ' + c.bookings_changed + ' booking(s) changed.';
	}, fail);
});

var refresh = {journal: pollJournal, bookings: function () { loadBookings(true); }, outbox: loadOutbox, faults: loadFaults, clock: loadClock};
loadPartners();
loadClock();
show(location.hash.slice(1) in refresh ? location.hash.slice(1) : 'journal');
/* A tab in the background does not poll: every poll is a journal entry
 * too, and the ring in memory should keep the partner's requests. */
setInterval(function () {
	if (document.hidden) return;
	pollJournal();
	if (current === 'bookings') loadBookings();
	if (current === 'outbox') loadOutbox();
	if (current === 'faults') loadFaults();
}, POLL_MS);
setInterval(function () { if (!document.hidden) loadClock(); }, 5000);
document.addEventListener('visibilitychange', function () { if (!document.hidden) refresh[current](); });
})();
