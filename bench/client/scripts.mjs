#!/usr/bin/env node
// What each script beyond Latin costs a guest (issue 16), in headless Chromium
// against the real relay: for a chat holding one message in that script,
// opened in a fresh browser profile, the font bytes fetched (on the wire) and
// the time from the text first being laid out to a font of ours drawing all
// of it (www/foxo-text.js fontTimes). Reports; asserts nothing.
//
//   node bench/client/scripts.mjs [--runs N]
//
// Relay and web root: $FOXO_RELAY / $FOXO_WWW (as bench/client/measure.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PHONE, launch, press, waitForScreen } from '../../tests/browser/lib/browser.mjs';
import { startRelay } from '../../tests/browser/lib/relay.mjs';
import { guestSignIn, openCase, say } from '../../tests/browser/lib/api.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 3);
const relayBin = process.env.FOXO_RELAY || path.join(repo, 'build/relay/foxo-relay');
const www = process.env.FOXO_WWW || path.join(repo, 'build/www');

const SAMPLES = [
  ['Vietnamese', 'Xin chào, tôi là Thảo Nguyễn'],
  ['Greek', 'Καλημέρα, είμαι ο Παπαδόπουλος'],
  ['Cyrillic', 'Здравствуйте, Иванов на связи'],
  ['Hebrew', 'שלום, התור שלי מחר'],
  ['Arabic', 'مرحبا، أنا أحمد الحسن'],
  ['Devanagari', 'नमस्ते, मेरा नाम शर्मा है'],
  ['Thai', 'สวัสดีครับ ขอบคุณมากครับ'],
  ['Chinese (20 characters)', '你好，我想预约下周二上午的复诊时间，谢谢医生。'],
  ['Japanese', 'こんにちは、予約をお願いします'],
  ['Korean', '안녕하세요, 김입니다'],
  ['Emoji (3 with skin tone, flag, family)', '👍🏽 🇦🇺 👨‍👩‍👧‍👦'],
];

const relay = await startRelay({ binary: relayBin, www });
const browser = await launch();
const rows = [];
try {
  for (const [name, text] of SAMPLES) {
    const bytes = [], times = [];
    for (let r = 0; r < runs; r++) {
      const context = await browser.newContext({ ...PHONE, baseURL: relay.url });
      const phone = `0412 6${String(rows.length).padStart(2, '0')} ${String(100 + r).padStart(3, '0')}`;
      // Past the per-address limit on code requests (30 per 10 minutes) on the dev clock.
      await fetch(`${relay.url}/api/v1/dev/clock/advance`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 601 }) });
      await guestSignIn(context, relay.url, { first: 'Alex', last: 'Smith', phone });
      const c = await openCase(context, { subject: `Sample ${name} ${r}` });
      await say(context, c.id, text);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const sizes = new Map();
      cdp.on('Network.responseReceived', (e) => sizes.set(e.requestId, { url: e.response.url }));
      cdp.on('Network.loadingFinished', (e) => { const s = sizes.get(e.requestId); if (s) s.wire = e.encodedDataLength; });
      await page.goto('/t/intake');
      await waitForScreen(page, 'home');
      const before = new Set(sizes.keys());
      await press(page, 'Menu', 'menu');
      await press(page, `Sample ${name} ${r}`, 'item');
      await waitForScreen(page, 'chat');
      const cps = [...text].map((ch) => ch.codePointAt(0)).filter((cp) => cp > 0xff);
      const handle = await page.waitForFunction((want) => {
        const t = window.foxoText.fontTimes();
        const ignorable = (cp) => (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f);
        const rows = want.filter((cp) => !ignorable(cp)).map((cp) => t[cp]);
        if (rows.some((x) => !x || x.drawn === undefined)) return null;
        return Math.max(...rows.map((x) => x.drawn - x.seen));
      }, cps, { timeout: 30_000 });
      times.push(await handle.jsonValue());
      await new Promise((res) => setTimeout(res, 300));  // let the last response finish
      let b = 0;
      for (const [id, s] of sizes) if (!before.has(id) && /\/font|fonts\.json/.test(s.url) && s.wire) b += s.wire;
      bytes.push(b);
      await context.close();
    }
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    rows.push({ name, bytes: med(bytes), ms: med(times) });
    console.log(`${name.padEnd(40)} ${(med(bytes) / 1024).toFixed(1).padStart(7)} KiB  ${med(times).toFixed(0).padStart(5)} ms`);
  }
} finally {
  await browser.close();
  await relay.stop();
}
console.log(`\n| script | font bytes fetched (on the wire) | time to first draw |\n|---|---|---|`);
for (const r of rows) console.log(`| ${r.name} | ${(r.bytes / 1024).toFixed(1)} KiB | ${r.ms.toFixed(0)} ms |`);
