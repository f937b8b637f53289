// Smoke: the guest page on a phone (390x844 CSS px at 3x, touch) reaches its
// first screen without errors and draws something real on the canvas.
import path from 'node:path';
import { createRequire } from 'node:module';
import { PHONE, waitForScreen, withBrowser, findItem } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const zlib = require('node:zlib');

// Decodes an 8-bit RGB(A), non-interlaced PNG (what Chromium writes) and
// counts distinct colours, capped; enough to tell a drawn UI from a blank one.
function distinctColours(png, cap = 64) {
  let off = 8;
  let width = 0, height = 0, channels = 0;
  const idat = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('unexpected PNG format');
      channels = { 2: 3, 6: 4 }[data[9]];
      if (!channels) throw new Error(`unexpected PNG colour type ${data[9]}`);
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const prev = Buffer.alloc(stride), cur = Buffer.alloc(stride);
  const seen = new Set();
  for (let y = 0; y < height; y++) {
    const base = y * (stride + 1);
    const filter = raw[base];
    for (let x = 0; x < stride; x++) {
      const v = raw[base + 1 + x];
      const a = x >= channels ? cur[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let p;
      switch (filter) {
        case 0: p = v; break;
        case 1: p = v + a; break;
        case 2: p = v + b; break;
        case 3: p = v + ((a + b) >> 1); break;
        case 4: {
          const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
          p = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default: throw new Error(`bad PNG filter ${filter}`);
      }
      cur[x] = p & 255;
    }
    for (let x = 0; x < stride; x += channels) {
      seen.add((cur[x] << 16) | (cur[x + 1] << 8) | cur[x + 2]);
      if (seen.size >= cap) return seen.size;
    }
    cur.copy(prev);
  }
  return seen.size;
}

await withBrowser('smoke', PHONE, async ({ page, outDir }) => {
  await page.goto('/t/intake');
  await waitForScreen(page, 'register');
  // The fields of the first screen are laid out inside the phone's viewport.
  for (const label of ['First name', 'Last name', 'Mobile number', 'Send code']) {
    const it = await findItem(page, label);
    if (it.x < 0 || it.y < 0 || it.x + it.w > 390 || it.y + it.h > 844)
      throw new Error(`${label} is outside the viewport: ${JSON.stringify(it)}`);
  }
  const canvas = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, dpr: window.devicePixelRatio };
  });
  if (canvas.dpr !== 3 || canvas.w !== 390 * 3 || canvas.h !== 844 * 3)
    throw new Error(`canvas is not sized in device pixels: ${JSON.stringify(canvas)}`);
  if (await page.locator('#loading').count()) throw new Error('loading state still shown after the first frame');
  const shot = await page.screenshot({ path: path.join(outDir, 'smoke-register-phone.png') });
  const colours = distinctColours(shot);
  // Text is anti-aliased, buttons coloured: a drawn screen has many colours.
  if (colours < 8) throw new Error(`the page looks blank (${colours} distinct colours)`);
}, { allowStaticServer: true });
