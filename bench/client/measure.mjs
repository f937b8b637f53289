#!/usr/bin/env node
// Client delivery measurements in headless Chromium against the real relay
// (--dev, loopback): what a first visit transfers, time to first frame, and
// the page's CPU use while idle. Reports numbers; asserts nothing (not ctest).
//
//   node bench/client/measure.mjs [--runs N] [--idle-seconds S] [--build DIR] [--table]
//
// --table adds, last, the two rows of scenario 6 for docs/BENCHMARKS.md's
// table (bench/client/run.sh, called by bench/run.sh, passes it).
//
// Relay and web root: $FOXO_RELAY / $FOXO_WWW, else DIR/relay/foxo-relay and
// DIR/www (DIR defaults to build/ of this checkout). Chromium as in
// tests/browser/lib/browser.mjs ($CHROMIUM, software WebGL).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESKTOP, PHONE, fill, launch, waitForScreen } from '../../tests/browser/lib/browser.mjs';
import { startRelay } from '../../tests/browser/lib/relay.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const runs = Number(opt('--runs', '5'));
const table = args.includes('--table');
const idleSeconds = Number(opt('--idle-seconds', '10'));
const buildDir = path.resolve(opt('--build', path.join(repo, 'build')));
const relayBin = process.env.FOXO_RELAY || path.join(buildDir, 'relay/foxo-relay');
const www = process.env.FOXO_WWW || path.join(buildDir, 'www');

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

// Every network request of a page through the DevTools protocol: bytes on the
// wire (encodedDataLength: headers + encoded body) and the encoded body size.
async function recordNetwork(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const reqs = new Map();
  cdp.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    reqs.set(e.requestId, { url: e.response.url, encoding: h['content-encoding'] || 'identity',
                            headerBytes: e.response.encodedDataLength,
                            fromCache: e.response.fromDiskCache || e.response.fromMemoryCache, done: false });
  });
  cdp.on('Network.dataReceived', (e) => {
    const r = reqs.get(e.requestId);
    if (r) r.decoded = (r.decoded || 0) + e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = reqs.get(e.requestId);
    if (r) Object.assign(r, { wire: e.encodedDataLength, body: e.encodedDataLength - r.headerBytes, done: true });
  });
  return { reqs, cdp };
}

async function firstFrameMs(page) {
  const h = await page.waitForFunction(() => {
    const m = performance.getEntriesByName('foxo-first-frame')[0];
    return m ? m.startTime : null;
  }, null, { timeout: 60_000 });
  return h.jsonValue();
}

async function pageLoad(browser, relay, { warm = false } = {}) {
  const context = await browser.newContext({ ...PHONE, baseURL: relay.url });
  const page = await context.newPage();
  if (warm) {  // a first visit fills the cache; the measured one reloads
    await page.goto('/t/intake');
    await firstFrameMs(page);
  }
  const { reqs, cdp } = await recordNetwork(page);
  await page.goto('/t/intake');
  const ttff = await firstFrameMs(page);
  await page.waitForLoadState('networkidle');
  const list = [...reqs.values()].filter((r) => r.done);
  await cdp.detach();
  await context.close();
  return { ttff, list };
}

// CPU of the page while nothing happens, two ways: the renderer main thread's
// task and script time (CDP Performance.getMetrics; wall-clock durations, so
// a loaded machine inflates them), and the CPU time the OS charged to the
// renderer and GPU processes (CDP SystemInfo.getProcessInfo; the GPU process
// is where SwiftShader draws). Only this page may be open meanwhile.
async function idleCpu(browser, page, seconds) {
  const cdp = await page.context().newCDPSession(page);
  const system = await browser.newBrowserCDPSession();
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  const read = async () => {
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const cpu = { renderer: 0, gpu: 0, all: 0 };
    for (const p of (await system.send('SystemInfo.getProcessInfo')).processInfo) {
      if (p.type === 'renderer') cpu.renderer += p.cpuTime;
      if (p.type === 'GPU') cpu.gpu += p.cpuTime;
      cpu.all += p.cpuTime;
    }
    return { ...metrics, cpu };
  };
  // Let the screen settle (closed pages' processes wind down), then measure
  // a window of idle time: wall time is the point here.
  await page.waitForLoadState('networkidle').catch(() => {});  // never idle with a stream open
  await new Promise((r) => setTimeout(r, 2000));
  const a = await read();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const b = await read();
  const wall = b.Timestamp - a.Timestamp;
  await system.detach();
  await cdp.detach();
  return {
    task: (100 * (b.TaskDuration - a.TaskDuration)) / wall,
    script: (100 * (b.ScriptDuration - a.ScriptDuration)) / wall,
    renderer: (100 * (b.cpu.renderer - a.cpu.renderer)) / wall,
    gpu: (100 * (b.cpu.gpu - a.cpu.gpu)) / wall,
    all: (100 * (b.cpu.all - a.cpu.all)) / wall,
  };
}
const pct = (x) => `${x.toFixed(2)} %`;
const idleRow = (i) => `task ${pct(i.task)}, script ${pct(i.script)}; process CPU: renderers ${pct(i.renderer)}, GPU ${pct(i.gpu)}, all Chromium ${pct(i.all)}`;

const relay = await startRelay({ binary: relayBin, www, extraArgs: ['--quiet'] });
const browser = await launch();
try {
  const cold = [];
  for (let i = 0; i < runs; i++) cold.push(await pageLoad(browser, relay));
  const warm = await pageLoad(browser, relay, { warm: true });

  const first = cold[0].list;
  console.log(`\nFirst visit of /t/intake (phone 390x844@3, cold cache), run 1 of ${runs}:`);
  console.log(`${'resource'.padEnd(40)} ${'encoding'.padEnd(9)} ${'on wire'.padStart(11)} ${'body'.padStart(11)} ${'decoded'.padStart(11)}`);
  for (const r of first) {
    const p = new URL(r.url).pathname;
    console.log(`${p.padEnd(40)} ${r.encoding.padEnd(9)} ${kb(r.wire).padStart(11)} ${kb(r.body).padStart(11)} ${kb(r.decoded || 0).padStart(11)}`);
  }
  const total = (list) => list.reduce((s, r) => s + (r.fromCache ? 0 : r.wire), 0);
  const bodies = (list) => list.reduce((s, r) => s + (r.fromCache ? 0 : r.body), 0);
  const staticTotal = (list) => list.filter((r) => !new URL(r.url).pathname.startsWith('/api/'))
    .reduce((s, r) => s + (r.fromCache ? 0 : r.wire), 0);

  // Idle: the guest's first screen, and a signed-in staff console whose
  // event stream stays open.
  const gctx = await browser.newContext({ ...PHONE, baseURL: relay.url });
  const guest = await gctx.newPage();
  await guest.goto('/t/intake');
  await waitForScreen(guest, 'register');
  const guestIdle = await idleCpu(browser, guest, idleSeconds);
  await gctx.close();

  const sctx = await browser.newContext({ ...DESKTOP, baseURL: relay.url });
  const staff = await sctx.newPage();
  const stream = staff.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/events', { timeout: 60_000 });
  await staff.goto('/staff');
  await waitForScreen(staff, 'staff_login');
  await fill(staff, 'Email', 'intake1@demo.test');
  await fill(staff, 'Password', 'demo-password');
  await staff.keyboard.press('Enter');
  await waitForScreen(staff, 'staff_queue');
  await stream;
  const staffIdle = await idleCpu(browser, staff, idleSeconds);
  await sctx.close();

  const ttffs = cold.map((c) => c.ttff);
  const rows = [
    ['first visit, all requests on the wire', kb(total(first))],
    ['first visit, encoded bodies only', kb(bodies(first))],
    ['first visit, page + static files on the wire', kb(staticTotal(first))],
    ['repeat visit (warm cache), on the wire', kb(total(warm.list))],
    [`time to first frame, median of ${runs} cold loads`, `${median(ttffs).toFixed(0)} ms`],
    ['time to first frame, min .. max', `${Math.min(...ttffs).toFixed(0)} .. ${Math.max(...ttffs).toFixed(0)} ms`],
    ['time to first frame, warm cache', `${warm.ttff.toFixed(0)} ms`],
    [`idle, guest register screen (${idleSeconds} s), % of a core`, idleRow(guestIdle)],
    [`idle, staff queue + event stream (${idleSeconds} s), % of a core`, idleRow(staffIdle)],
  ];
  console.log(`\nClient delivery (loopback, headless Chromium with SwiftShader; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
  for (const [k, v] of rows) console.log(`${k.padEnd(56)} ${v}`);
  console.log('\n"on wire": CDP encodedDataLength (response headers + encoded body); "body": without headers.');
  console.log('Idle: renderer main-thread TaskDuration/ScriptDuration growth (CDP Performance.getMetrics) and');
  console.log('process CPU time (CDP SystemInfo.getProcessInfo) over the idle window, as % of one core.');
  if (table) {
    // Issue 8's client targets: under 1.5 MB transferred (compressed), first frame under 1 s on loopback.
    const met = (ok) => (ok ? '**met**' : '**not met**');
    const firstVisit = total(first);
    const ttff = median(ttffs);
    console.log('');
    console.log(`| 6 | client, first visit: bytes on the wire (all requests, brotli) | ${kb(firstVisit)} | ` +
                `repeat visit ${kb(total(warm.list))} | | < 1.5 MB | ${met(firstVisit < 1.5 * 1000 * 1000)} |`);
    console.log(`| 6 | client: time to first frame, median of ${runs} cold loads (headless Chromium, SwiftShader) | ` +
                `${ttff.toFixed(0)} ms (${Math.min(...ttffs).toFixed(0)} .. ${Math.max(...ttffs).toFixed(0)}) | ` +
                `warm cache ${warm.ttff.toFixed(0)} ms | | < 1 s | ${met(ttff < 1000)} |`);
  }
} finally {
  await browser.close();
  await relay.stop();
}
