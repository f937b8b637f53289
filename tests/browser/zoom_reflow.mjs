// Zoom, text size, reflow and the dark scheme (issue 21), in Chromium, on
// every screen of both sides (lib/tour.mjs), each side on a page 320 CSS px
// wide (WCAG 1.4.10: 1280 px at 400 %). At each stop:
//   - as opened (320 x 640): every widget lies inside the viewport, none cut
//     at its left or right edge, the document has no horizontal scroll, and
//     buttons, inputs and the menu are at least 24 CSS px (44 on the guest's
//     touch screen);
//   - text size 200 % (CDP Page.setFontSizes, as Chrome's font size setting;
//     the root font size becomes 32 px): the same, and the widgets grew to
//     about twice their height (the em doubled);
//   - browser zoom 200 % of a 1280 px window (CDP device metrics: 640 CSS px
//     at 2 device px per CSS px): the same, the canvas draws at 2 device px
//     per CSS px and widgets keep their CSS size (their em in device pixels
//     doubled); a screenshot;
//   - prefers-color-scheme: dark: the canvas's page background is dark, the
//     browser bar's theme-color follows; a screenshot.
// Screenshots go to test-artifacts/browser/a11y/ under the build tree.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { countPixels } from './lib/pixels.mjs';
import { ENGINE, withPeople } from './lib/browser.mjs';
import { TOUR_ALLOW_CONSOLE, TOUR_STOPS, tour } from './lib/tour.mjs';

if (ENGINE !== 'chromium') throw new Error('zoom_reflow.mjs drives Chromium through CDP');

// The staff page is taller: a narrow staff case does not scroll as a whole
// (its transcript does), and the tour's hand-over list must show.
const DEVICES = {
  guest: { viewport: { width: 320, height: 640 }, deviceScaleFactor: 1, hasTouch: true, isMobile: true },
  staff: { viewport: { width: 320, height: 900 }, deviceScaleFactor: 1 },
};

// Resolves after `n` animation frames: the client draws on them, and a
// change of size or look settles within its 3 frames (main.cpp).
function frames(page, n = 4) {
  return page.evaluate((k) => new Promise((resolve) => {
    let i = 0;
    const step = () => (++i >= k ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  }), n);
}

async function layout(page) {
  return page.evaluate(() => ({
    vw: document.documentElement.clientWidth,
    vh: document.documentElement.clientHeight,
    scrollWidth: document.documentElement.scrollWidth,
    canvasPx: document.getElementById('canvas').width,
    items: window.foxoUi.items(),
  }));
}

// What is wrong with the layout, as sentences (empty when nothing is).
function reflowProblems(l, minTarget) {
  const out = [];
  if (l.scrollWidth > l.vw) out.push(`the document scrolls sideways (${l.scrollWidth} > ${l.vw})`);
  for (const i of l.items) {
    const where = `${i.kind} "${i.label}" at x ${i.x.toFixed(1)}..${(i.x + i.w).toFixed(1)}`;
    // The hook clips widgets to the page, so one that runs off it shows as
    // touching its edge: the column keeps 1 em of padding on both sides.
    if (i.x < 1 || i.x + i.w > l.vw - 1) out.push(`${where} is cut at the viewport's edge (width ${l.vw})`);
    if (i.y < 0 || i.y + i.h > l.vh + 0.5) out.push(`${where} lies outside the viewport vertically`);
    // Targets: rows are left out, as a scrolled list clips its first and last.
    const target = i.kind === 'button' || i.kind === 'input' || i.kind === 'menu';
    const clipped = i.y <= 0.5 || i.y + i.h >= l.vh - 0.5;
    if (target && !clipped && (i.h < minTarget - 0.5 || i.w < minTarget - 0.5))
      out.push(`${where} is ${i.w.toFixed(1)} x ${i.h.toFixed(1)} CSS px, under ${minTarget}`);
  }
  return out;
}

// The height of the buttons, inputs and menu drawn whole (not cut at the
// viewport's top or bottom): all of them are 2.6 em tall, so this is the
// em at work; 0 when none shows (large text can push them below the fold).
function frameHeight(l) {
  const hs = l.items.filter((i) => ['button', 'input', 'menu'].includes(i.kind) && i.y > 0.5 &&
                                   i.y + i.h < l.vh - 0.5).map((i) => i.h);
  return hs.length ? Math.max(...hs) : 0;
}
await withPeople('zoom_reflow', async ({ open, baseUrl, outDir }) => {
  const started = Date.now();
  const dir = path.join(outDir, 'a11y');
  await mkdir(dir, { recursive: true });
  const cdps = new Map();
  const cdpOf = async (page) => {
    if (!cdps.has(page)) cdps.set(page, await page.context().newCDPSession(page));
    return cdps.get(page);
  };
  const problems = [];
  const visited = [];
  const grew = [];  // stops where a button or input showed at both text sizes

  await tour({ open, baseUrl }, async (page, stop) => {
    const who = stop.startsWith('staff') ? 'staff' : 'guest';
    const device = DEVICES[who];
    const minTarget = device.hasTouch ? 44 : 24;
    const cdp = await cdpOf(page);
    const fail = (mode, list) => { for (const p of list) problems.push(`${stop}, ${mode}: ${p}`); };

    // ---- 320 CSS px, as the tour opened the page ----
    await frames(page);
    const base = await layout(page);
    fail('320 px', reflowProblems(base, minTarget));

    // ---- Text size 200 % ----
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32 } });
    await page.waitForFunction(() => window.foxoLook.look().root === 32, null, { timeout: 10_000 });
    await frames(page);
    const big = await layout(page);
    fail('text 200 %', reflowProblems(big, minTarget));
    const h1 = frameHeight(base), h2 = frameHeight(big);
    if (h1 && h2) {
      grew.push(stop);
      if (h2 < 1.9 * h1 || h2 > 2.1 * h1)
        problems.push(`${stop}, text 200 %: buttons and inputs went from ${h1.toFixed(1)} to ${h2.toFixed(1)} CSS px, not twice`);
    }
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16 } });
    await page.waitForFunction(() => window.foxoLook.look().root === 16, null, { timeout: 10_000 });

    // ---- Browser zoom 200 % of a 1280 x 800 window ----
    const metrics = (width, height, deviceScaleFactor) =>
      cdp.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor, mobile: !!device.isMobile });
    await metrics(640, 400, 2);
    await page.waitForFunction(() => document.getElementById('canvas').width === 1280, null, { timeout: 10_000 })
      .catch(() => { throw new Error(`${stop}: the canvas did not follow the zoom to 1280 device px`); });
    await frames(page);
    const zoomed = await layout(page);
    fail('zoom 200 %', reflowProblems(zoomed, minTarget));
    const hz = frameHeight(zoomed);
    if (h1 && hz && Math.abs(hz - h1) > 0.1 * h1)
      problems.push(`${stop}, zoom 200 %: buttons and inputs are ${hz.toFixed(1)} CSS px, were ${h1.toFixed(1)}`);
    // Through CDP: Playwright's own screenshot would put its viewport back first.
    const shot = await cdp.send('Page.captureScreenshot', { format: 'png' });
    await writeFile(path.join(dir, `${stop}-zoom200.png`), Buffer.from(shot.data, 'base64'));
    await metrics(device.viewport.width, device.viewport.height, device.deviceScaleFactor);
    await page.waitForFunction((w) => document.getElementById('canvas').width === w, device.viewport.width,
                               { timeout: 10_000 });

    // ---- Dark scheme ----
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => window.foxoLook.look().dark, null, { timeout: 10_000 });
    await frames(page);
    // The page background in the top left corner (inside the column's padding).
    const corner = { x: 2, y: 2, width: 4, height: 4 };
    const dark = await countPixels(page, { r: [0, 60], g: [0, 60], b: [0, 60] }, corner);
    if (dark !== 16) problems.push(`${stop}, dark: the page background is not dark (${dark} of 16 pixels)`);
    const theme = await page.evaluate(() => document.querySelector('meta[name="theme-color"]')?.content);
    if (theme !== '#15171c') problems.push(`${stop}, dark: theme-color is ${theme}`);
    fail('dark', reflowProblems(await layout(page), minTarget));
    await page.screenshot({ path: path.join(dir, `${stop}-dark.png`) });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => !window.foxoLook.look().dark, null, { timeout: 10_000 });
    await frames(page);

    visited.push(stop);
    console.log(`zoom_reflow: ${stop} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }, { devices: DEVICES });

  // Where 200 % text pushes every control below the fold nothing can be
  // compared (the page scrolls); most stops must show the em doubled.
  console.log(`zoom_reflow: text doubled checked at ${grew.length} of ${visited.length} stops`);
  if (grew.length < visited.length / 2) problems.push(`text 200 % compared at only ${grew.join(', ')}`);
  const missed = TOUR_STOPS.filter((s) => !visited.includes(s));
  if (missed.length) problems.push(`stops not visited: ${missed.join(', ')}`);
  if (problems.length) throw new Error(`zoom and reflow:\n  ${problems.join('\n  ')}`);
}, { allowConsole: TOUR_ALLOW_CONSOLE });
