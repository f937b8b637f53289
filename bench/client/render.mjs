#!/usr/bin/env node
// Frame time of each renderer (issue 19) in headless Chromium against the
// real relay (--dev, loopback): the guest's chat screen holding 200 messages
// (guest and staff alternating, posted over the API), on a phone (390x844
// @3x) and a desktop (1280x800 @1), drawn by WebGL 2 (default switches),
// WebGL 1 (--disable-webgl2) and the 2D canvas (--disable-3d-apis).
// Reports numbers; asserts nothing (not ctest).
//
//   node bench/client/render.mjs [--frames N] [--build DIR]
//
// A frame is one call of the client's exported frame function, which always
// builds the whole ImGui frame and draws all of it (what the frame loop does
// after any event), followed by Module.foxoRenderFinish(): a one-pixel
// readPixels on the GL paths, so the GPU's (SwiftShader's) work is counted;
// nothing on the 2D canvas, whose pixels are already rasterised and put.
// Ten frames warm up first (glyph-run atlas, shaders).
//
// Relay and web root: $FOXO_RELAY / $FOXO_WWW, else DIR/relay/foxo-relay and
// DIR/www (DIR defaults to build/ of this checkout).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESKTOP, PHONE, launch, press, waitForLiveLine, waitForScreen } from '../../tests/browser/lib/browser.mjs';
import { claim, guestSignIn, openCase, say, staffSignIn } from '../../tests/browser/lib/api.mjs';
import { startRelay } from '../../tests/browser/lib/relay.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const frames = Number(opt('--frames', '60'));
const buildDir = path.resolve(opt('--build', path.join(repo, 'build')));
const relayBin = process.env.FOXO_RELAY || path.join(buildDir, 'relay/foxo-relay');
const www = process.env.FOXO_WWW || path.join(buildDir, 'www');

const PATHS = [
  { renderer: 'webgl2', chromiumArgs: [] },
  { renderer: 'webgl1', chromiumArgs: ['--disable-webgl2'] },
  { renderer: 'canvas2d', chromiumArgs: ['--disable-3d-apis'] },
];
const VIEWPORTS = [['phone 390x844@3', PHONE], ['desktop 1280x800@1', DESKTOP]];
const SUBJECT = 'Two hundred messages';
const MESSAGES = 200;
const LAST = `Message ${MESSAGES}: the last one.`;

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const relay = await startRelay({ binary: relayBin, www });
const setup = await launch();
const rows = [];
try {
  // The chat: a guest's case claimed by staff, 200 messages taking turns.
  const guestCtx = await setup.newContext({ baseURL: relay.url });
  const staffCtx = await setup.newContext({ baseURL: relay.url });
  await guestSignIn(guestCtx, relay.url, { first: 'Bench', last: 'Guest', phone: '0412 555 099' });
  const opened = await openCase(guestCtx, { subject: SUBJECT });
  const caseId = opened.id || opened.case?.id;
  await staffSignIn(staffCtx);
  await claim(staffCtx, caseId);
  for (let i = 1; i <= MESSAGES; i++) {
    const body = i === MESSAGES ? LAST
      : `Message ${i}: ${i % 3 ? 'a short line.' : 'a longer line that wraps onto a second row on a phone, as real questions do.'}`;
    await say(i % 2 ? guestCtx : staffCtx, caseId, body);
  }
  const session = await guestCtx.storageState();
  await setup.close();

  for (const { renderer, chromiumArgs } of PATHS) {
    const browser = await launch(chromiumArgs);
    try {
      for (const [vpName, vp] of VIEWPORTS) {
        const context = await browser.newContext({ ...vp, storageState: session, baseURL: relay.url });
        const page = await context.newPage();
        await page.goto('/t/intake');
        await waitForScreen(page, 'home');
        await press(page, 'Menu', 'menu');
        await press(page, SUBJECT, 'item');
        await waitForScreen(page, 'chat');
        await waitForLiveLine(page, { endsWith: LAST }, 'the last message');
        const got = await page.evaluate(() => window.foxoUi.renderer());
        if (got !== renderer) throw new Error(`wanted ${renderer}, the page chose ${got}`);
        const { times, raster } = await page.evaluate((n) => {
          const out = { times: [], raster: [] };
          for (let i = 0; i < n + 10; i++) {
            const t0 = performance.now();
            Module._foxo_frame(1);
            Module.foxoRenderFinish();
            if (i < 10) continue;
            out.times.push(performance.now() - t0);
            if (Module.foxoRasterMs !== undefined) out.raster.push(Module.foxoRasterMs);
          }
          return out;
        }, frames);
        const row = { renderer, viewport: vpName, median: quantile(times, 0.5), p95: quantile(times, 0.95), n: times.length };
        rows.push(row);
        // On the 2D canvas: the rasteriser's share (clear, draw lists; not ImGui's own frame).
        const share = raster.length ? `  rasteriser median ${quantile(raster, 0.5).toFixed(1)} ms` : '';
        console.log(`${renderer.padEnd(8)} ${vpName.padEnd(20)} median ${row.median.toFixed(1)} ms  p95 ${row.p95.toFixed(1)} ms  (${row.n} frames)${share}`);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  await relay.stop();
}
console.log('\n| renderer | viewport | median ms | p95 ms |\n| --- | --- | ---: | ---: |');
for (const r of rows) console.log(`| ${r.renderer} | ${r.viewport} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} |`);
