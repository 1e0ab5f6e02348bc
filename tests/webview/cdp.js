// cdp.js - headless Chromium driven over the DevTools protocol on a pipe,
// for tests/webview/walk.js and tests/dashboard/ui.js: the browser, its
// events for whoever listens, and a page to drive (walk.js extends it with
// the measures it takes of every page).
//
// Chromium speaks the DevTools protocol over a pipe (--remote-debugging-pipe:
// it reads commands on fd 3 and writes answers on fd 4, each a JSON text
// ended by a NUL), which Node reaches with child_process alone: no
// WebSocket, no npm package, nothing to download, so it runs offline in CI.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const STEP_MS = 60000;       // the longest one page may take to arrive (a bound for a hang)
const POLL_MS = 50;
const CLOSE_MS = 2000;       // how long Chromium gets to quit by itself

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Chromium in its own process group, so that ending the group ends its
// renderers and helpers too, whatever state the walk ends in.
class Browser {
	// profile: Chromium's profile directory; shots: where arrive() saves a
	// screenshot of each page, or undefined.
	constructor(chromium, profile, shots) {
		const log = fs.openSync(path.join(profile, 'chromium.log'), 'w');

		this.proc = spawn(chromium, [
			'--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
			'--disable-quic', '--no-first-run', '--no-default-browser-check',
			'--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--disable-extensions', '--mute-audio',
			'--remote-debugging-pipe', '--user-data-dir=' + profile, 'about:blank',
		], {stdio: ['ignore', log, log, 'pipe', 'pipe'], detached: true});
		this.shots = shots;
		this.listeners = new Map();
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
			if (msg.method && this.listeners.has(msg.method))
				this.listeners.get(msg.method).forEach((fn) => fn(msg.params, msg.sessionId));
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

	// Calls fn(params, sessionId) for each event called method.
	on(method, fn) {
		if (!this.listeners.has(method))
			this.listeners.set(method, []);
		this.listeners.get(method).push(fn);
	}

	// A new tab, driven through PageClass (Page or a class extending it).
	async page(PageClass = Page) {
		const {targetId} = await this.send('Target.createTarget', {url: 'about:blank'});
		const {sessionId} = await this.send('Target.attachToTarget', {targetId, flatten: true});

		return new PageClass(this, sessionId);
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

	// The document is marked, so that arrive() waits for the next one.
	async goto(url) {
		await this.eval('window.gtdStale = true').catch(() => {});
		return this.browser.send('Page.navigate', {url}, this.session);
	}

	// Waits for the page whose <main data-page> is want (not the document
	// before it); an error page ends the wait at once, with what it says.
	// Then arrived(want).
	async arrive(want) {
		const probe = `document.readyState === 'complete' && !window.gtdStale &&
			document.querySelector('main') ? document.querySelector('main').dataset.page : ''`;
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
		await this.arrived(want);
	}

	// On each page arrive() reaches: a screenshot of it, when asked for.
	async arrived(want) {
		await this.screenshot(`${String(++this.shot).padStart(2, '0')}-${want}.png`);
	}

	// Saves what the tab shows (the whole page when full) as NAME in the
	// browser's screenshot directory, when it has one.
	async screenshot(name, full = false) {
		if (!this.browser.shots)
			return;
		const size = full ? await this.eval(`[document.documentElement.scrollWidth,
			document.documentElement.scrollHeight]`) : null;
		const {data} = await this.browser.send('Page.captureScreenshot', full ? {captureBeyondViewport: true,
			clip: {x: 0, y: 0, width: size[0], height: size[1], scale: 1}} : {}, this.session);

		fs.writeFileSync(path.join(this.browser.shots, name), Buffer.from(data, 'base64'));
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

module.exports = {Browser, Page, sleep, STEP_MS, POLL_MS};
