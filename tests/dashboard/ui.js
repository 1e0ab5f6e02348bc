// ui.js - gtd-mock's dashboard (/__gtd/ui) in headless Chromium, for
// tests/dashboard.test.
//
// What a partner developer does with it: watches the journal while their
// client logs in (the entries must come without a reload), opens a failed
// login to see what was verified and why it failed, reads the e-mail a
// commit sent, arms and removes a fault, and moves the clock.  The shell
// makes the requests (GTD_BAD_LOGIN, GTD_GOOD_LOGIN, GTD_COMMIT: commands
// run while the page is open); this side checks the page and asks the
// mock itself (over plain HTTP, not through the page) what changed.
//
// usage: node ui.js CHROMIUM PROFILE_DIR URL SHOTS_DIR BODIES_FILE
// Saves a screenshot of each tab at 1280 and 390 px wide in SHOTS_DIR and
// every body the page received in BODIES_FILE (for the shell to grep for
// secrets).  Prints "checks N"; failures go to stderr, exit status 1.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');
const {Browser, sleep} = require(path.join(__dirname, '..', 'webview', 'cdp.js'));

const LIVE_MS = 2000;       // a request shows in the journal within this, without a reload
const WAIT_MS = 20000;      // a bound for a hang

const [chromium, profile, url, shots, bodiesFile] = process.argv.slice(2);
let checks = 0;
let failures = 0;

function check(ok, what) {
	checks++;
	if (!ok) {
		failures++;
		console.error('FAIL: ' + what);
	}
}

function run(env) {
	try {
		return execFileSync('sh', ['-c', process.env[env]],
				    {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
	} catch (e) {
		return (e.stdout || '').trim();   // a failing login exits 1 on purpose
	}
}

// GET path from the mock, not through the page.
function get(p) {
	return new Promise((resolve, reject) => {
		http.get(url + p, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (c) => { body += c; });
			res.on('end', () => resolve(body));
		}).on('error', reject);
	});
}

async function until(page, expression, what, ms = WAIT_MS) {
	const deadline = Date.now() + ms;

	for (;;) {
		let v;
		try {
			v = await page.eval(expression);
		} catch (e) {
			v = false;
		}
		if (v)
			return v;
		if (Date.now() > deadline)
			throw new Error(what + ' did not happen within ' + ms + ' ms');
		await sleep(25);
	}
}

async function viewport(page, width) {
	await page.browser.send('Emulation.setDeviceMetricsOverride',
				{width, height: width > 500 ? 860 : 844, deviceScaleFactor: 1, mobile: width <= 500},
				page.session);
}

// scale: below 1 a smaller picture of the 1280 px page (the README's).
async function shot(page, name, scale = 1) {
	const params = scale === 1 ? {} : {clip: {x: 0, y: 0, width: 1280, height: 720, scale}};
	const {data} = await page.browser.send('Page.captureScreenshot', params, page.session);

	fs.writeFileSync(path.join(shots, name + '.png'), Buffer.from(data, 'base64'));
}

async function tab(page, name) {
	await page.click(`#tabs button[data-tab="${name}"]`);
	await until(page, `!document.getElementById('tab-${name}').hidden`, 'tab ' + name);
}

const rows = (id) => `[...document.querySelectorAll('#${id} tbody tr')]`;

async function journal(page) {
	run('GTD_BAD_LOGIN');
	run('GTD_GOOD_LOGIN');
	const t0 = Date.now();
	// The newest first: the good login on top, the failed one under it.
	const top = await until(page, `(() => {
		const r = ${rows('jlist')}.slice(0, 2).map((tr) => [...tr.cells].map((c) => c.textContent));
		return r.length === 2 && r[0][2] === 'login' && r[1][2] === 'login' && r[0][3] === 'demo' &&
			r[0][5] === '00' && r[1][5] === '04' ? r : null;
	})()`, 'both logins at the top of the journal', LIVE_MS + 500);
	const took = Date.now() - t0;
	check(took <= LIVE_MS, `the logins took ${took} ms to show, more than ${LIVE_MS}`);
	check(top[1][6].includes('signature'), 'the failed login\'s row does not say why: ' + top[1][6]);

	// The failed login opens to what was verified and why it failed.
	await page.eval(`${rows('jlist')}[1].click()`);
	await until(page, `document.querySelector('#jdetail [data-part="signature-data"]')`, 'the failed entry');
	const sig = await page.text('#jdetail [data-part="signature-data"]');
	check(/^\*{8}\|dash-bad\|\|flight$/.test(sig), 'signature data shown: ' + sig);
	check((await page.text('#jdetail [data-part="why"]')).includes('signature'), 'no explanation');
	check((await page.text('#jdetail [data-part="likely-cause"]')).includes('SHA256withRSA (PKCS#1 v1.5) over the fields'),
	      'no likely cause');
	check(await page.eval(`[...document.querySelectorAll('#jdetail [data-part="checks"] li.bad')].length >= 1`),
	      'no failed check shown');
	const curl = await page.text('#jdetail [data-part="curl"]');
	check(curl.includes('-X POST ' + "'" + url + '/api/partner/login' + "'") && curl.includes('$GTD_API_KEY') &&
	      curl.includes('--data-binary \'{"key":"'), 'copy as curl: ' + curl);
	check(await page.eval(`document.querySelector('#jdetail').textContent.includes('********')`),
	      'the headers are not shown masked');
	await shot(page, 'dashboard-1280-journal');
	await shot(page, 'dashboard-small', 0.625);
	// The good one opens to the fields it decrypted, the access code masked.
	const good = await page.eval(`${rows('jlist')}[0].dataset.id`);
	await page.eval(`${rows('jlist')}[0].click()`);
	await until(page, `document.getElementById('jdetail').dataset.id === '${good}' &&
		document.querySelector('#jdetail').textContent.includes('Decrypted fields')`, 'the good entry');
	const fields = await page.text('#jdetail');
	check(fields.includes('user_iddash-good') && fields.includes('access_code********'),
	      'the decrypted fields are not shown, or not masked');
	const bad = await page.eval(`${rows('jlist')}[1].dataset.id`);
	await page.eval(`${rows('jlist')}[1].click()`);
	await until(page, `document.getElementById('jdetail').dataset.id === '${bad}'`, 'the failed entry again');
	// Filters: by code, then by free text.
	await page.eval(`(() => { const s = document.querySelector('#jfilters [name=code]'); s.value = '04';
		s.dispatchEvent(new Event('input', {bubbles: true})); })()`);
	check(await page.eval(`${rows('jlist')}.every((tr) => tr.cells[5].textContent === '04')`),
	      'the code filter leaves other codes');
	await page.eval(`(() => { const s = document.querySelector('#jfilters [name=q]'); s.value = 'dash-bad';
		s.dispatchEvent(new Event('input', {bubbles: true})); })()`);
	check(await page.eval(`${rows('jlist')}.length === 1`), 'the text filter keeps other entries');
	await page.eval(`(() => { const s = document.querySelector('#jfilters [name=q]'); s.value = '';
		s.dispatchEvent(new Event('input', {bubbles: true})); })()`);
	await page.eval(`(() => { const s = document.querySelector('#jfilters [name=code]'); s.value = '';
		s.dispatchEvent(new Event('input', {bubbles: true})); })()`);
}

async function bookings(page, number) {
	await tab(page, 'bookings');
	await until(page, `${rows('blist')}.some((tr) => tr.dataset.booking === '${number}')`, 'the booking listed');
	await page.click(`#blist tr[data-booking="${number}"]`);
	await until(page, `document.querySelectorAll('#bdetail ol.timeline li').length >= 2`, 'the timeline');
	check((await page.text('#bdetail ol.timeline')).includes('commit'), 'the timeline lacks the commit');
	check((await page.text(`#blist tr[data-booking="${number}"]`)).includes('SUCCEEDED'),
	      'the table does not show the booking paid');
	await shot(page, 'dashboard-1280-bookings');
	// Gotadi refunds it: the page's button, and the mock agrees.
	await page.eval(`[...document.querySelectorAll('#bdetail button')].find((b) => b.textContent === 'Refund').click()`);
	await until(page, `document.getElementById('bdetail').textContent.includes('REFUNDED')`, 'the refund shown');
	const b = JSON.parse(await get('/__gtd/bookings')).find((x) => x.bookingNumber === number);
	check(b && b.paymentStatus === 'REFUNDED', 'the mock does not have the booking refunded: ' + JSON.stringify(b));
}

const frames = [];

async function outbox(page, number) {
	await tab(page, 'outbox');
	const sel = `${rows('olist')}.find((tr) => tr.textContent.includes('issued') && tr.textContent.includes('${number}'))`;
	await until(page, sel, 'the issued e-mail listed');
	await page.eval(`${sel}.click()`);
	await until(page, `document.querySelector('#odetail iframe.mail')`, 'the e-mail opened');
	check(await page.eval(`document.querySelector('#odetail iframe.mail').getAttribute('sandbox') === ''`),
	      'the e-mail\'s HTML is not in a sandboxed frame');
	// The frame's own document, as Chromium rendered it.  A sandboxed
	// frame has an origin of its own, so Chromium renders it in another
	// process: it is reached as a target of its own (auto-attached).
	let text = '';
	for (const deadline = Date.now() + WAIT_MS; !text.includes(number) && Date.now() < deadline; await sleep(50)) {
		for (const session of frames) {
			try {
				const r = await page.browser.send('Runtime.evaluate', {expression: 'document.body ? document.body.innerText : ""',
					returnByValue: true}, session);
				text = String(r.result.value);
			} catch (e) {
				// a frame that went away
			}
			if (text.includes(number))
				break;
		}
	}
	check(text.includes(number), 'the rendered HTML part lacks the booking number: ' + text.slice(0, 200));
	await shot(page, 'dashboard-1280-outbox');
	await page.click('#odetail .subtabs button[data-view="text"]');
	check((await page.text('#odetail pre')).includes(number), 'the text part lacks the booking number');
	await page.click('#odetail .subtabs button[data-view="raw"]');
	check((await page.text('#odetail pre')).includes('Content-Transfer-Encoding: base64'), 'no raw source');
	await page.click('#odetail .subtabs button[data-view="html"]');
}

async function faults(page) {
	await tab(page, 'faults');
	const offered = await page.eval(`[...document.querySelectorAll('#fform [name=api] option')].map((o) => o.value).join()`);
	check(offered === ',login,place-order,commit,query-trans,booking-detail', 'the fault form offers ' + offered);
	const actions = await page.eval(`[...document.querySelectorAll('#fform [name=action] option')].map((o) => o.value).join()`);
	check(actions === 'http,code,delay_ms,drop,corrupt', 'the fault form\'s actions: ' + actions);
	await page.eval(`(() => { const f = document.getElementById('fform');
		f.api.value = 'commit'; f.action.value = 'http'; f.action.dispatchEvent(new Event('change'));
		f.elements.value.value = '503'; f.count.value = '2'; f.requestSubmit(); })()`);
	await until(page, `${rows('flist')}.length === 1`, 'the fault listed');
	const armed = JSON.parse(await get('/__gtd/faults'));
	check(armed.length === 1 && armed[0].spec.match.api === 'commit' && armed[0].spec.action.http === 503 &&
	      armed[0].remaining === 2, 'GET /__gtd/faults after adding: ' + JSON.stringify(armed));
	// A spec the mock refuses shows its reason in the form.
	await page.eval(`(() => { const f = document.getElementById('fform');
		f.elements.value.value = '600'; f.requestSubmit(); })()`);
	await until(page, `document.getElementById('ferror').textContent.includes('100..599')`, 'the refusal shown');
	await shot(page, 'dashboard-1280-faults');
	await page.eval(`document.querySelector('#flist tbody tr button.danger').click()`);
	await until(page, `${rows('flist')}.length === 0`, 'the fault gone from the page');
	check(await get('/__gtd/faults') === '[]', 'GET /__gtd/faults after deleting is not empty');
}

async function clock(page) {
	await tab(page, 'clock');
	await page.click('#cform button[data-advance="3600"]');
	await until(page, `document.getElementById('coffset').textContent.includes('1h')`, 'the clock moved');
	check(JSON.parse(await get('/__gtd/clock')).offset_seconds === 3600, 'the mock\'s clock did not move an hour');
	await shot(page, 'dashboard-1280-clock');
	await page.click('#creset');
	await until(page, `document.getElementById('coffset').textContent.includes('Same')`, 'the clock reset');
	check(JSON.parse(await get('/__gtd/clock')).offset_seconds === 0, 'the clock was not put back');
}

async function narrow(page) {
	await viewport(page, 390);
	for (const name of ['journal', 'bookings', 'outbox', 'faults', 'clock']) {
		await tab(page, name);
		await sleep(150);
		await shot(page, 'dashboard-390-' + name);
		// Nothing but the tables may be wider than the screen.
		const wide = await page.eval(`document.documentElement.scrollWidth`);
		check(wide <= 390, `tab ${name} is ${wide} px wide at 390`);
	}
}

// A mock started with --control-token: the page asks for the token, says
// so when it is wrong, opens the dashboard when it is right, and does not
// ask again when the tab reloads.
async function token(page) {
	const secret = process.env.GTD_TOKEN;

	await page.goto(url + '/__gtd/ui');
	await until(page, `document.querySelector('main[data-page="token"]')`, 'the token page');
	check(!(await page.eval(`document.documentElement.outerHTML`)).includes('gtd-table'),
	      'the refused page holds the dashboard');
	await page.eval(`document.getElementById('t').value = 'not-the-token'`);
	await page.click('#f button');
	await until(page, `document.getElementById('msg').textContent.includes('HTTP 403')`, 'a wrong token refused');
	await shot(page, 'dashboard-1280-token');
	await page.eval(`document.getElementById('t').value = ${JSON.stringify(secret)}`);
	await page.click('#f button');
	await until(page, `(document.getElementById('jstatus') || {}).textContent === undefined ? false :
		document.getElementById('jstatus').textContent.includes('live')`, 'the dashboard opened with the token');
	check(!(await page.eval(`document.documentElement.outerHTML`)).includes(secret), 'the token is written in the page');
	await page.browser.send('Page.reload', {}, page.session);
	await sleep(300);
	await until(page, `!!document.getElementById('jstatus') && document.getElementById('jstatus').textContent.includes('live')`,
		    'the dashboard reopened without asking');
	const h = await get('/__gtd/health');
	check(h.includes('needs the X-Gtd-Control-Token header'), 'the control API answered without the token: ' + h);
}

async function main() {
	const browser = new Browser(chromium, profile, undefined);
	const responses = new Map();
	const end = () => {
		browser.kill();
		process.exit(2);
	};

	process.on('SIGTERM', end);
	process.on('SIGINT', end);
	browser.on('Network.loadingFinished', (p, session) => responses.set(p.requestId, session));
	try {
		const page = await browser.page();

		await browser.send('Network.enable', {}, page.session);
		browser.on('Target.attachedToTarget', (p) => {
			if (p.targetInfo.type === 'iframe')
				frames.push(p.sessionId);
		});
		await browser.send('Target.setAutoAttach', {autoAttach: true, waitForDebuggerOnStart: false, flatten: true},
				   page.session);
		await viewport(page, 1280);
		if (!process.env.GTD_TOKEN)
			await page.goto(url + '/__gtd/ui');
		if (!process.env.GTD_TOKEN)
			await until(page, `document.getElementById('jstatus').textContent.includes('live')`, 'the dashboard live');
		for (const step of process.env.GTD_TOKEN ? [token] : [journal, async (p) => {
			const number = run('GTD_COMMIT');
			check(/^ADCO\d{13}$/.test(number), 'the commit gave ' + number);
			await bookings(p, number);
			await outbox(p, number);
		}, faults, clock, narrow]) {
			try {
				await step(page);
			} catch (e) {
				check(false, `${step.name || 'commit'}: ${e.message}`);
			}
		}
		// Every body the page was sent, for the shell to search for secrets.
		const out = fs.openSync(bodiesFile, 'w');
		for (const [requestId, session] of responses) {
			try {
				const r = await browser.send('Network.getResponseBody', {requestId}, session);
				fs.writeSync(out, (r.base64Encoded ? Buffer.from(r.body, 'base64').toString('utf8') : r.body) + '\n');
			} catch (e) {
				// a body Chromium no longer keeps
			}
		}
		fs.closeSync(out);
		check(responses.size > (process.env.GTD_TOKEN ? 3 : 10), `only ${responses.size} answers recorded`);
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
