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
// usage: node walk.js CHROMIUM PROFILE_DIR DUAL_URL SINGLE_URL
//   DUAL_URL    a login's webview URL, layout dual, product flight
//   SINGLE_URL  a login's webview URL, layout single, product hotel
// Prints on stdout what it booked ("paid N", "holdfail N", "failed N",
// "hotel N") for the shell to check through the gateway, then "checks N";
// failures go to stderr, and the exit status is 1 when any check failed.
// GTD_WALK_SHOTS=DIR saves a screenshot of every page it reaches.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const STEP_MS = 60000;       // the longest one page may take to arrive (a bound for a hang)
const POLL_MS = 50;
const CLOSE_MS = 2000;       // how long Chromium gets to quit by itself
const DEMO_PRIMARY = 'rgb(11, 110, 79)';   // demo.c's theme.primary #0b6e4f
const TRAVELLER = {phone_1: '0912 345 678', email_1: 'minh.tran@senvang.vn'};

const [chromium, profile, dualUrl, singleUrl] = process.argv.slice(2);
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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Chromium in its own process group, so that ending the group ends its
// renderers and helpers too, whatever state the walk ends in.
class Browser {
	constructor() {
		const log = fs.openSync(path.join(profile, 'chromium.log'), 'w');

		this.proc = spawn(chromium, [
			'--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
			'--disable-quic', '--no-first-run', '--no-default-browser-check',
			'--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--disable-extensions', '--mute-audio',
			'--remote-debugging-pipe', '--user-data-dir=' + profile, 'about:blank',
		], {stdio: ['ignore', log, log, 'pipe', 'pipe'], detached: true});
		this.next = 1;
		this.pending = new Map();
		this.input = Buffer.alloc(0);
		this.proc.stdio[4].on('data', (chunk) => this.receive(chunk));
		this.gone = new Promise((resolve) => this.proc.on('exit', resolve));
	}

	receive(chunk) {
		let end;

		this.input = Buffer.concat([this.input, chunk]);
		while ((end = this.input.indexOf(0)) >= 0) {
			const msg = JSON.parse(this.input.subarray(0, end).toString('utf8'));
			const waiter = this.pending.get(msg.id);

			this.input = this.input.subarray(end + 1);
			if (!waiter)
				continue;
			this.pending.delete(msg.id);
			if (msg.error)
				waiter.reject(new Error(msg.error.message));
			else
				waiter.resolve(msg.result);
		}
	}

	send(method, params = {}, sessionId = undefined) {
		const id = this.next++;

		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(method + ' got no answer'));
			}, STEP_MS);
			this.pending.set(id, {
				resolve: (v) => { clearTimeout(timer); resolve(v); },
				reject: (e) => { clearTimeout(timer); reject(e); },
			});
			this.proc.stdio[3].write(JSON.stringify({id, method, params, sessionId}) + '\0');
		});
	}

	async page() {
		const {targetId} = await this.send('Target.createTarget', {url: 'about:blank'});
		const {sessionId} = await this.send('Target.attachToTarget', {targetId, flatten: true});

		return new Page(this, sessionId);
	}

	kill() {
		try {
			process.kill(-this.proc.pid, 'SIGKILL');
		} catch (e) {
			// already gone
		}
	}

	async close() {
		this.send('Browser.close').catch(() => {});
		await Promise.race([this.gone, sleep(CLOSE_MS)]);
		this.kill();
	}
}

class Page {
	constructor(browser, sessionId) {
		this.browser = browser;
		this.session = sessionId;
		this.shot = 0;
	}

	async eval(expression) {
		const r = await this.browser.send('Runtime.evaluate', {expression, returnByValue: true},
						  this.session);

		if (r.exceptionDetails)
			throw new Error(r.exceptionDetails.exception ? r.exceptionDetails.exception.description
								       : r.exceptionDetails.text);
		return r.result.value;
	}

	goto(url) {
		return this.browser.send('Page.navigate', {url}, this.session);
	}

	// Waits for the page whose <main data-page> is want; an error page
	// ends the wait at once, with what it says.
	async arrive(want) {
		const probe = `document.readyState === 'complete' && document.querySelector('main') ?
			document.querySelector('main').dataset.page : ''`;
		const deadline = Date.now() + STEP_MS;
		let seen = '';

		for (;;) {
			try {
				seen = await this.eval(probe);
			} catch (e) {
				seen = '';   // between two documents
			}
			if (seen === want)
				break;
			if (seen === 'error' || seen === 'partner-error')
				throw new Error(`wanted page ${want}, got an error page: ` +
						await this.eval(`document.querySelector('main').innerText`));
			if (Date.now() > deadline)
				throw new Error(`page ${want} did not come (last seen: '${seen}')`);
			await sleep(POLL_MS);
		}
		if (shots) {
			const {data} = await this.browser.send('Page.captureScreenshot', {}, this.session);

			fs.writeFileSync(path.join(shots, `${String(++this.shot).padStart(2, '0')}-${want}.png`),
					 Buffer.from(data, 'base64'));
		}
	}

	// Sets form fields by name; a missing field is an error.
	fill(values) {
		return this.eval(`(() => {
			for (const [name, value] of Object.entries(${JSON.stringify(values)})) {
				const e = document.querySelector('[name="' + name + '"]');
				if (!e) throw new Error('no field ' + name);
				e.value = value;
			}
		})()`);
	}

	click(selector) {
		return this.eval(`(() => {
			const e = document.querySelector(${JSON.stringify(selector)});
			if (!e) throw new Error('nothing to click at ${selector.replace(/'/g, '')}');
			e.click();
		})()`);
	}

	text(selector) {
		return this.eval(`(document.querySelector(${JSON.stringify(selector)}) || {}).textContent`);
	}

	style(selector, property) {
		return this.eval(`getComputedStyle(document.querySelector(${JSON.stringify(selector)}))` +
				 `[${JSON.stringify(property)}]`);
	}
}

// From the home page to the traveller form, on a Vietnam Airlines flight
// (the only airline Gotadi's test rules let issue), then the hold.
async function holdFlight(page, first, last) {
	await page.goto(dualUrl);
	await page.arrive('home');
	await page.fill({from: 'HAN', to: 'SGN', pax: '1'});
	await page.click('#search-flights');
	await page.arrive('flight-results');
	await page.click('form.offer[data-airline="VN"] button');
	await page.arrive('travellers');
	await page.fill({first_name_1: first, last_name_1: last, ...TRAVELLER});
	await page.click('#hold');
}

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

	await holdFlight(page, 'Minh', 'Trần Quang');
	await page.arrive('booking');
	const number = (await page.text('#booking-number')).trim();
	check(/^ADCO\d{9}$/.test(number), `booking number '${number}'`);
	check(/VND/.test(await page.text('#amount')), 'the booking page shows no amount');
	check(await page.eval(`!!document.querySelector('#ttl')`), 'the booking page shows no time to live');

	await page.click('#pay');
	await page.arrive('partner-pay');
	check((await page.text('#order-booking')).trim() === number,
	      'the partner\'s page does not show the booking it was sent');
	await page.click('#partner-pay');
	await page.arrive('result');
	check(await page.eval(`document.querySelector('#outcome').dataset.outcome`) === 'issued',
	      'the result page does not say issued: ' + await page.text('#outcome'));
	check((await page.text('#issued-status')).includes('Đã xuất vé / Issued'),
	      'the result page lacks the issued status in both languages');
	check(!/Trần Quang|senvang\.vn|0912/.test(await page.text('main')),
	      'the result page shows the traveller\'s personal data');
	console.log('paid ' + number);
}

async function walkHoldFail(page) {
	await holdFlight(page, 'Minh', 'HOLDFAIL');
	await page.arrive('hold-failed');
	check(/hold/i.test(await page.text('#hold-error')), 'the failed hold page does not say so');
	console.log('holdfail ' + (await page.text('#booking-number')).trim());
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
	console.log('failed ' + number);
}

async function walkSingleHotel(page) {
	await page.goto(singleUrl + '&tab=flight');
	await page.arrive('home');
	check(await page.eval(`!document.querySelector('#tabs') && !document.querySelector('#flight-form') &&
			       !!document.querySelector('#hotel-form')`),
	      'layout single (hotel) shows something besides the hotel search');
	check(await page.style('header', 'backgroundColor') === DEMO_PRIMARY,
	      'the hotel page is not in the partner\'s colour');
	await page.fill({city: 'DAD', nights: '3', pax: '2'});
	await page.click('#search-hotels');
	await page.arrive('hotel-results');
	await page.click('form.offer button');
	await page.arrive('travellers');
	await page.fill({first_name_1: 'Hà', last_name_1: 'Lê Thu', first_name_2: 'Nam', last_name_2: 'Lê',
			 ...TRAVELLER});
	await page.click('#hold');
	await page.arrive('booking');
	console.log('hotel ' + (await page.text('#booking-number')).trim());
}

async function main() {
	const browser = new Browser();
	const end = () => {
		browser.kill();
		process.exit(2);
	};

	process.on('SIGTERM', end);
	process.on('SIGINT', end);
	try {
		const page = await browser.page();

		for (const walk of [walkPay, walkHoldFail, walkFailedPayment, walkSingleHotel]) {
			try {
				await walk(page);
			} catch (e) {
				check(false, `${walk.name}: ${e.message}`);
			}
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
