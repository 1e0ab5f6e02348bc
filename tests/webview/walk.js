// walk.js - walks headless Chromium through gtd-mock's webview, for
// tests/webview.test.
//
// A real browser rather than `chromium --dump-dom` and curl, because what
// is to be proved is what a person gets: the partner's colour as the
// browser computes it, forms the browser fills and submits, and the 303
// and 302 redirects it follows into the partner's payment page and back.
// Chromium speaks the DevTools protocol over a pipe (--remote-debugging-pipe:
// it reads commands on fd 3 and writes answers on fd 4, each a JSON text
// ended by a NUL), which Node reaches with child_process alone: no
// WebSocket, no npm package, nothing to download, so it runs offline in CI.
//
// usage: node walk.js CHROMIUM PROFILE_DIR DUAL_URL SINGLE_URL PACK_URL APP_URL
//   DUAL_URL    a login's webview URL, layout dual, product flight
//   SINGLE_URL  a login's webview URL, layout single, product hotel
//   PACK_URL    a login's webview URL (flight) on a gtd-mock serving the
//               demo's pack with its layout made single
//   APP_URL     the partner app's page the result page must lead back to
// Every journey runs on a phone (390x844) and on a desktop (1280x900), and
// every page is measured as a person would meet it (layout()): nothing
// wider than the screen, no two controls on top of each other, tap targets
// of 44 px, text of 14 px, one language, the partner's colour.
// Prints on stdout what it booked on the phone ("paid N", "holdfail N",
// "failed N", "hotel N") for the shell to check through the gateway, then
// "checks N"; failures go to stderr, and the exit status is 1 when any
// check failed.  GTD_WALK_SHOTS=DIR saves a screenshot of every page it
// reaches, named by width, order and page.
'use strict';

const path = require('path');
const {Browser, Page, sleep} = require(path.join(__dirname, 'cdp.js'));

const DEMO_PRIMARY = 'rgb(11, 110, 79)';   // demo.c's theme.primary #0b6e4f
const TRAVELLER = {phone_1: '0912 345 678', email_1: 'minh.tran@senvang.vn'};
const VIEWPORTS = [{width: 390, height: 844, mobile: true}, {width: 1280, height: 900, mobile: false},
		   {width: 320, height: 640, mobile: true}];
const MIN_TAP = 44;
const MIN_FONT = 14;

const [chromium, profile, dualUrl, singleUrl, packUrl, appUrl] = process.argv.slice(2);
const shots = process.env.GTD_WALK_SHOTS;
let checks = 0;
let failures = 0;

function check(ok, what) {
	checks++;
	if (!ok) {
		failures++;
		console.error('FAIL: ' + what);
	}
}

// A page of the webview, measured as a person would meet it.
class WalkPage extends Page {
	constructor(browser, sessionId) {
		super(browser, sessionId);
		this.width = 0;
	}

	async viewport(v) {
		this.width = v.width;
		await this.browser.send('Emulation.setDeviceMetricsOverride', {width: v.width, height: v.height,
			deviceScaleFactor: 1, mobile: v.mobile}, this.session);
	}

	// Each page: the whole of it in a screenshot named by width, order and
	// page; then what would trip a person up on it.
	async arrived(want) {
		await this.screenshot(`${this.width}-${String(++this.shot).padStart(2, '0')}-${want}.png`, true);
		const problems = await this.layout();

		check(!problems.length, `${this.width} px, page ${want}: ${problems.join('; ')}`);
	}

	// What a person would trip over on this page, one sentence each.
	layout() {
		return this.eval(`(() => {
			const problems = [];
			const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
				(e.name ? '[name=' + e.name + ']' : '') + ' "' + (e.textContent || '').trim().slice(0, 30) + '"';
			const shown = (e) => {
				const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
				return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
			};
			if (document.documentElement.scrollWidth > window.innerWidth)
				problems.push('the page is ' + document.documentElement.scrollWidth + ' px wide in a ' +
					      window.innerWidth + ' px window');
			const controls = [...document.querySelectorAll(
				'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')].filter(shown);
			const boxes = controls.map((e) => e.getBoundingClientRect());
			for (let i = 0; i < controls.length; i++)
				for (let j = i + 1; j < controls.length; j++) {
					const a = boxes[i], b = boxes[j];
					if (controls[i].contains(controls[j]) || controls[j].contains(controls[i]))
						continue;
					if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
						problems.push(name(controls[i]) + ' overlaps ' + name(controls[j]));
				}
			for (const e of controls) {
				const r = e.getBoundingClientRect();
				if (e.matches('button, .button, select, input') && (r.height < ${MIN_TAP} || r.width < ${MIN_TAP}))
					problems.push(name(e) + ' is ' + Math.round(r.width) + 'x' + Math.round(r.height) +
						      ' px, under ${MIN_TAP}x${MIN_TAP}');
				if (r.right > window.innerWidth + 1)
					problems.push(name(e) + ' is cut off at the right');
			}
			const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
			for (let t; (t = walker.nextNode());) {
				const e = t.parentElement;
				if (!t.textContent.trim() || !e || e.closest('script, style') || !shown(e))
					continue;
				if (parseFloat(getComputedStyle(e).fontSize) < ${MIN_FONT})
					problems.push(name(e) + ' has text of ' + getComputedStyle(e).fontSize);
			}
			// The demo partner's own page is not the webview, and may speak two.
			const partner = document.querySelector('main').dataset.page.startsWith('partner');
			for (const e of partner ? [] : document.querySelectorAll('h1, h2, label, legend, button, .button, th, dt'))
				if (/\\S \\/ \\S/.test(e.textContent))
					problems.push(name(e) + ' speaks two languages at once');
			for (const e of document.querySelectorAll('input:not([type=hidden]), select'))
				if (!e.labels || !e.labels.length)
					problems.push(name(e) + ' has no label');
			return [...new Set(problems)];
		})()`);
	}

	// Clicks, marking the document so that arrive() waits for the next one.
	click(selector) {
		return this.eval(`(() => {
			const e = document.querySelector(${JSON.stringify(selector)});
			if (!e) throw new Error('nothing to click at ${selector.replace(/'/g, '')}');
			window.gtdStale = true;
			e.click();
		})()`);
	}

	// Presses a key as a keyboard would (Tab, Enter).
	async key(key) {
		const code = {Tab: 9, Enter: 13}[key];

		for (const type of ['keyDown', 'keyUp'])
			await this.browser.send('Input.dispatchKeyEvent', {type, key, code: key,
				windowsVirtualKeyCode: code, nativeVirtualKeyCode: code, text: key === 'Enter' ? '\r' : undefined},
				this.session);
	}

	// The value of every field named, as the page shows it.
	values(names) {
		return this.eval(`Object.fromEntries(${JSON.stringify(names)}.map((n) =>
			[n, (document.querySelector('[name="' + n + '"]') || {}).value]))`);
	}

	// The message next to field name: its text when the field says it is
	// invalid, points at it, and it sits right under the field; else null.
	fieldError(name) {
		return this.eval(`(() => {
			const f = document.querySelector('[name="${name}"]');
			const m = document.getElementById('error-${name}');
			if (!f || !m || f.getAttribute('aria-invalid') !== 'true' ||
			    f.getAttribute('aria-describedby') !== m.id)
				return null;
			const a = f.getBoundingClientRect(), b = m.getBoundingClientRect();
			return b.top >= a.bottom - 1 && b.top - a.bottom < 24 ? m.textContent : null;
		})()`);
	}
}

// What the shell checks through the gateway is booked on the phone only.
let first = true;
function report(line) {
	if (first)
		console.log(line);
}

// A day before today in Vietnam, whatever the time of day: two days back.
function pastDay() {
	return new Date(Date.now() - 2 * 86400000).toISOString().slice(0, 10);
}

const VND = /^\d{1,3}(\.\d{3})+\s₫$/;

// From the home page to the traveller form, on a Vietnam Airlines flight
// (the only airline Gotadi's test rules let issue), then the hold.
async function holdFlight(page, firstName, last) {
	await page.goto(dualUrl);
	await page.arrive('home');
	await page.fill({from: 'HAN', to: 'SGN', adults: '1'});
	await page.click('#search-flights');
	await page.arrive('flight-results');
	await page.click('form.offer[data-airline="VN"] button');
	await page.arrive('travellers');
	await page.fill({first_name_1: firstName, last_name_1: last, ...TRAVELLER});
	await page.click('#hold');
	await page.arrive('extras');
	await page.click('#continue');
}

// An amount "1.850.000 ₫" as a number.
const dong = (text) => Number(text.replace(/[^0-9]/g, ''));

async function walkPay(page) {
	await page.goto(dualUrl);
	await page.arrive('home');
	check(await page.style('header', 'backgroundColor') === DEMO_PRIMARY,
	      'the header is not in the demo partner\'s primary colour');
	check(await page.style('#search-flights', 'backgroundColor') === DEMO_PRIMARY,
	      'the search button is not in the demo partner\'s primary colour');
	check((await page.text('header')).includes('Sen Vàng'), 'the header lacks the partner\'s name');
	check(await page.eval(`[...document.querySelectorAll('#tabs a')].map(a => a.dataset.tab).join()`) ===
	      'flight,hotel', 'layout dual does not show a flight and a hotel tab');
	check(await page.eval(`document.querySelector('#tabs a[aria-current]').dataset.tab`) === 'flight',
	      'the token\'s product (flight) is not the focused tab');
	check((await page.text('#tabs')) === 'Vé máy bayKhách sạn', 'the tabs are not in Vietnamese only: ' +
	      await page.text('#tabs'));
	check(await page.eval(`document.querySelector('#stepper [aria-current]').textContent`) === 'Tìm kiếm',
	      'the stepper does not show the search step');
	check(/Vietnam Airlines/.test(await page.text('#sandbox')), 'the sandbox banner lacks the test rules');
	check(/\d\d:\d\d/.test(await page.text('#session-expiry')), 'the sandbox banner does not say when the session ends');

	// Keyboard only: Tab goes through the tabs and the fields in reading
	// order, each shows where the focus is, and Enter searches.
	// (A date field takes a Tab for each of its parts.)
	const order = [];
	for (let i = 0; i < 20 && order[order.length - 1] !== 'search-flights'; i++) {
		await page.key('Tab');
		const at = await page.eval(`(() => { const e = document.activeElement;
			return (e.name || e.id || e.dataset.tab || e.tagName) +
				(getComputedStyle(e).outlineStyle === 'none' ? '(no focus ring)' : ''); })()`);
		if (at !== order[order.length - 1])
			order.push(at);
	}
	check(order.join() === 'flight,hotel,from,to,date,adults,children,infants,search-flights',
	      'Tab does not go through the search in order: ' + order.join());
	await page.eval('window.gtdStale = true');
	await page.key('Enter');
	await page.arrive('flight-results');
	await page.goto(dualUrl);
	await page.arrive('home');

	await page.fill({from: 'HAN', to: 'SGN', adults: '1', children: '0', infants: '2'});
	await page.click('#search-flights');
	await page.arrive('home');
	check(await page.fieldError('infants'), 'two infants with one adult get no message next to the field');
	check((await page.values(['infants'])).infants === '2', 'the search lost the infants typed');
	await page.fill({from: 'HAN', to: 'SGN', adults: '1', children: '1', infants: '0'});
	await page.click('#search-flights');
	await page.arrive('flight-results');
	check(await page.eval(`document.querySelectorAll('#offers li.card').length`) > 1, 'no result cards');
	// The demo's secondary colour #f2a541 is unreadable as text on white:
	// prices fall back to the text colour rather than fade out.
	check(await page.style('.price', 'color') === 'rgb(31, 41, 51)',
	      'the price is drawn in a colour that fails contrast: ' + await page.style('.price', 'color'));
	await page.fill({sort: 'price'});
	await page.click('#apply');
	await page.arrive('flight-results');
	check(await page.eval(`(() => { const p = [...document.querySelectorAll('#offers li')].map(e => +e.dataset.price);
			       return p.length > 1 && p.every((v, i) => !i || p[i - 1] <= v); })()`),
	      'sorting by price does not order the cards by price');
	await page.fill({airline: 'VN'});
	await page.click('#apply');
	await page.arrive('flight-results');
	check(await page.eval(`(() => { const a = [...document.querySelectorAll('#offers li')].map(e => e.dataset.airline);
			       return a.length > 0 && a.every(x => x === 'VN'); })()`),
	      'the airline filter shows other airlines');

	await page.click('form.offer[data-airline="VN"] button');
	await page.arrive('travellers');
	check(JSON.stringify(await page.values(['type_1', 'type_2'])) === '{"type_1":"adult","type_2":"child"}',
	      'the passenger types of the search are not carried to the form');
	await page.fill({first_name_1: 'Minh', last_name_1: 'Trần Quang', first_name_2: 'Ánh Nguyệt',
			 last_name_2: 'Trần Thị', dob_2: '2018-05-20', ...TRAVELLER});
	await page.click('#hold');
	await page.arrive('extras');
	check(await page.eval(`document.querySelector('#stepper [aria-current]').textContent`) === 'Dịch vụ thêm',
	      'the stepper does not show the extras step');
	check(dong(await page.text('#extras-sum')) === 0, 'the extras start at ' + await page.text('#extras-sum'));
	await page.fill({bag_1: '20', bag_2: '0', insurance: 'trip'});
	await page.eval(`document.getElementById('extras-form').dispatchEvent(new Event('change'))`);
	check((await page.text('#extras-sum')) === '380.000\u00a0₫', 'the extras sum does not follow the choices: ' +
	      await page.text('#extras-sum'));
	await page.click('#continue');
	await page.arrive('booking');
	check(dong(await page.text('#extras')) === 250000 + 2 * 65000,
	      'the review does not price 20 kg and two insurances: ' + await page.text('#extras'));
	check(dong(await page.text('#fare')) + dong(await page.text('#taxes')) + dong(await page.text('#extras')) ===
	      dong(await page.text('#amount')), 'the price summary does not add up');
	const number = (await page.text('#booking-number')).trim();
	check(/^ADCO\d{13}$/.test(number), `booking number '${number}'`);
	for (const id of ['#fare', '#taxes', '#amount'])
		check(VND.test((await page.text(id)).trim()), `${id} is not in dong the Vietnamese way: ` +
		      await page.text(id));
	check(/^\d\d:\d\d$/.test((await page.text('#countdown')).trim()), 'the review shows no countdown');
	check((await page.text('#pay')).trim() === 'Đến thanh toán', 'the pay button says ' + await page.text('#pay'));

	await page.click('#pay');
	await page.arrive('partner-pay');
	check((await page.text('#order-booking')).trim() === number,
	      'the partner\'s page does not show the booking it was sent');
	await page.click('#partner-pay');
	await page.arrive('result');
	check(await page.eval(`document.querySelector('#outcome').dataset.outcome`) === 'issued',
	      'the result page does not say issued: ' + await page.text('#outcome'));
	check((await page.text('#issued-status')).trim() === 'Đã xuất vé',
	      'the result page lacks the issued status in Vietnamese: ' + await page.text('#issued-status'));
	check(await page.eval(`document.querySelector('#back-to-app').getAttribute('href')`) === appUrl,
	      'the result page does not lead back to the partner app');
	check(!/Trần Quang|senvang\.vn|0912/.test(await page.text('main')),
	      'the result page shows the traveller\'s personal data');
	report('paid ' + number);
}

async function walkHoldFail(page) {
	await holdFlight(page, 'Minh', 'HOLDFAIL');
	await page.arrive('hold-failed');
	check(/hold/i.test(await page.text('#hold-error')), 'the failed hold page does not say so');
	report('holdfail ' + (await page.text('#booking-number')).trim());
}

// Also proves a traveller's name is shown as text, never as markup.
async function walkFailedPayment(page) {
	await holdFlight(page, '<i>Lan</i>', 'Trần');
	await page.arrive('booking');
	check(await page.eval(`!document.querySelector('#travellers i') &&
			       document.querySelector('#travellers').textContent.includes('<i>Lan</i>')`),
	      'a traveller\'s name went into the page as markup');
	const number = (await page.text('#booking-number')).trim();
	await page.click('#pay');
	await page.arrive('partner-pay');
	await page.click('#partner-fail');
	await page.arrive('result');
	check(await page.eval(`document.querySelector('#outcome').dataset.outcome`) === 'payment-failed',
	      'the result page does not say the payment failed: ' + await page.text('#outcome'));
	report('failed ' + number);
}

// Bad input on every form gets a message next to its field and keeps what
// was typed; a Vietnamese name with diacritics is fine.
async function walkBadInput(page) {
	await page.goto(dualUrl);
	await page.arrive('home');
	await page.fill({date: pastDay()});
	await page.click('#search-flights');
	await page.arrive('home');
	check(await page.fieldError('date'), 'a past date gets no message next to it');
	check((await page.values(['date'])).date === pastDay(), 'the past date was not kept');
	await page.fill({date: ''});
	await page.click('#search-flights');
	await page.arrive('home');
	check(await page.fieldError('date'), 'an empty date gets no message next to it');

	await page.goto(dualUrl);
	await page.arrive('home');
	await page.click('#search-flights');
	await page.arrive('flight-results');
	await page.click('form.offer[data-airline="VN"] button');
	await page.arrive('travellers');
	await page.click('#hold');
	await page.arrive('travellers');
	for (const f of ['last_name_1', 'first_name_1', 'phone_1', 'email_1'])
		check(await page.fieldError(f), `an empty ${f} gets no message next to it`);
	check(await page.eval(`!!document.querySelector('#form-error')`), 'the form does not say it has problems');

	const typed = {type_1: 'infant', last_name_1: 'Nguyễn Thị', first_name_1: 'Ánh'.repeat(21),
		       phone_1: '0912 345 678', email_1: 'minh.senvang.vn', dob_1: ''};
	await page.fill(typed);
	await page.click('#hold');
	await page.arrive('travellers');
	check(/60/.test(await page.fieldError('first_name_1') || ''), 'a name too long gets no message next to it');
	check(await page.fieldError('email_1'), 'an e-mail without @ gets no message next to it');
	check(await page.fieldError('dob_1'), 'an infant without a date of birth gets no message next to it');
	check(!await page.fieldError('last_name_1'), 'a Vietnamese name with diacritics was refused');
	check(!await page.fieldError('phone_1'), 'a good phone number was refused');
	const kept = await page.values(Object.keys(typed));
	check(JSON.stringify(kept) === JSON.stringify(typed), 'the form lost what was typed: ' + JSON.stringify(kept));

	// An international route asks for the passport, and checks its expiry.
	await page.goto(dualUrl);
	await page.arrive('home');
	await page.fill({from: 'SGN', to: 'BKK'});
	await page.click('#search-flights');
	await page.arrive('flight-results');
	await page.click('form.offer button');
	await page.arrive('travellers');
	await page.fill({last_name_1: 'Phạm', first_name_1: 'Quỳnh', nationality_1: 'Việt Nam',
			 expiry_1: pastDay(), ...TRAVELLER});
	await page.click('#hold');
	await page.arrive('travellers');
	check(await page.fieldError('passport_1'), 'an international flight without a passport gets no message');
	check(await page.fieldError('expiry_1'), 'a passport expired before the flight gets no message');
	check(!await page.fieldError('nationality_1'), 'a nationality with diacritics was refused');
}

async function walkSingleHotel(page) {
	await page.goto(singleUrl + '&tab=flight');
	await page.arrive('home');
	check(await page.eval(`!document.querySelector('#tabs') && !document.querySelector('#flight-form') &&
			       !!document.querySelector('#hotel-form')`),
	      'layout single (hotel) shows something besides the hotel search');
	check(await page.style('header', 'backgroundColor') === DEMO_PRIMARY,
	      'the hotel page is not in the partner\'s colour');
	const checkin = (await page.values(['checkin'])).checkin;
	const after = (days) => new Date(Date.parse(checkin + 'T00:00:00Z') + days * 86400000).toISOString().slice(0, 10);
	await page.fill({city: 'DAD', checkout: checkin, pax: '2'});
	await page.click('#search-hotels');
	await page.arrive('home');
	check(await page.fieldError('checkout'), 'a check-out on the check-in day gets no message next to it');
	check(JSON.stringify(await page.values(['city', 'checkout'])) === JSON.stringify({city: 'DAD', checkout: checkin}),
	      'the hotel search lost what was typed');
	await page.fill({city: 'DAD', checkout: after(3), pax: '2'});
	await page.click('#search-hotels');
	await page.arrive('hotel-results');
	const rate = await page.eval(`+document.querySelector('#offers li').dataset.price`);
	const deluxe = Math.floor((Math.floor(rate * 135 / 100) + 500) / 1000) * 1000;
	await page.click('form.offer[data-room="deluxe"] button');
	await page.arrive('travellers');
	check((await page.text('#room')).trim() === 'Phòng Deluxe', 'the guest form does not show the room chosen');
	await page.fill({first_name_1: 'Hà', last_name_1: '', first_name_2: 'Nam', last_name_2: 'Lê',
			 ...TRAVELLER});
	await page.click('#hold');
	await page.arrive('travellers');
	check(await page.fieldError('last_name_1'), 'an empty guest name gets no message next to it');
	check((await page.values(['first_name_2'])).first_name_2 === 'Nam', 'the guest form lost what was typed');
	await page.fill({last_name_1: 'Lê Thu'});
	await page.click('#hold');
	await page.arrive('booking');
	check(VND.test((await page.text('#amount')).trim()), 'the hotel review has no total in dong');
	check(dong(await page.text('#amount')) === 3 * deluxe, `three nights in the deluxe room at ${deluxe} ` +
	      'do not make the total: ' + await page.text('#amount'));
	report('hotel ' + (await page.text('#booking-number')).trim());
}

// English is one language too, and carried from page to page.
async function walkEnglish(page) {
	await page.goto(dualUrl + '&lang=en');
	await page.arrive('home');
	check(await page.eval(`document.documentElement.lang`) === 'en', 'lang=en is not an English page');
	check((await page.text('#search-flights')).trim() === 'Search flights', 'the search button is not English');
	await page.click('#search-flights');
	await page.arrive('flight-results');
	check((await page.text('h1')).trim() === 'Choose a flight', 'English was lost after the search');
	await page.click('form.offer[data-airline="VN"] button');
	await page.arrive('travellers');
	await page.click('#hold');
	await page.arrive('travellers');
	check(await page.fieldError('last_name_1') === 'Please fill this in as on the ID.',
	      'the English form\'s message is not English: ' + await page.fieldError('last_name_1'));
	await page.fill({first_name_1: 'Minh', last_name_1: 'Trần Quang', ...TRAVELLER});
	await page.click('#hold');
	await page.arrive('extras');
	await page.click('#continue');
	await page.arrive('booking');
	check((await page.text('#pay')).trim() === 'Go to payment', 'the English review says ' + await page.text('#pay'));
}

// gtd-mock --pack draws the webview in the pack's theme too.
async function walkPack(page) {
	await page.goto(packUrl);
	await page.arrive('home');
	check(await page.style('header', 'backgroundColor') === DEMO_PRIMARY,
	      'with --pack the header is not in the partner\'s primary colour');
	check(await page.eval(`!document.querySelector('#tabs') && !!document.querySelector('#flight-form')`),
	      'with --pack the pack\'s layout (single) is not honoured');
}

async function main() {
	const browser = new Browser(chromium, profile, shots);
	const end = () => {
		browser.kill();
		process.exit(2);
	};

	process.on('SIGTERM', end);
	process.on('SIGINT', end);
	try {
		const page = await browser.page(WalkPage);

		for (const v of VIEWPORTS) {
			await page.viewport(v);
			for (const walk of [walkPay, walkHoldFail, walkFailedPayment, walkBadInput, walkSingleHotel,
					    walkEnglish, walkPack]) {
				try {
					await walk(page);
				} catch (e) {
					check(false, `${v.width} px, ${walk.name}: ${e.message}`);
				}
			}
			first = false;
		}
	} catch (e) {
		check(false, 'Chromium: ' + e.message);
	} finally {
		await browser.close();
	}
	console.log('checks ' + checks);
	console.error(`${checks} checks, ${failures} failures`);
	process.exit(failures ? 1 : 0);
}

main();
