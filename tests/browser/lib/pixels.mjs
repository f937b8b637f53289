// What a screenshot shows, for checks the test hook cannot make (a drop
// highlight, a thumbnail drawn into the canvas): Playwright takes the
// screenshot, the page's own image decoder reads it back.

// How many pixels of a screenshot of `page` (optionally `clip`ped, CSS px)
// have their red, green and blue each within [min, max] of `range`.
export async function countPixels(page, range, clip) {
  const png = await page.screenshot(clip ? { clip } : {});
  return page.evaluate(async ([b64, r]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] >= r.r[0] && d[i] <= r.r[1] && d[i + 1] >= r.g[0] && d[i + 1] <= r.g[1] &&
          d[i + 2] >= r.b[0] && d[i + 2] <= r.b[1]) n++;
    }
    return n;
  }, [png.toString('base64'), range]);
}

// Polls screenshots until `check(count)` holds (each poll waits for a new
// screenshot, not a fixed time), or fails after `timeout` ms.
export async function waitForPixels(page, range, check, what, { clip, timeout = 15_000 } = {}) {
  const until = Date.now() + timeout;
  let n = -1;
  while (Date.now() < until) {
    n = await countPixels(page, range, clip);
    if (check(n)) return n;
  }
  throw new Error(`${what}: ${n} matching pixels`);
}

// How two screenshots (PNG buffers of the same size) differ, decoded and
// compared inside `page` (any page: it only lends its image decoder):
// `differing` pixels whose red, green or blue differ by more than
// `tolerance`, of `total`. `b` may be null for an all-white image, and
// `shiftY` compares row y of `a` with row y - shiftY of `b` (rows `b` lacks
// count as white): the controls that show a comparison can fail.
export async function comparePngs(page, a, b, { tolerance = 32, shiftY = 0 } = {}) {
  return page.evaluate(async ([a64, b64, tol, shift]) => {
    const decode = async (b64s) => {
      const bytes = Uint8Array.from(atob(b64s), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(bitmap, 0, 0);
      return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    };
    const A = await decode(a64);
    const B = b64 ? await decode(b64) : null;
    if (B && (B.width !== A.width || B.height !== A.height))
      return { differing: A.width * A.height, total: A.width * A.height, sizes: [A.width, A.height, B.width, B.height] };
    const w = A.width, h = A.height;
    let differing = 0;
    for (let y = 0; y < h; y++) {
      const yb = y - shift;
      for (let x = 0; x < w; x++) {
        const i = (y * w + x) * 4;
        const j = (yb * w + x) * 4;
        const inB = B && yb >= 0 && yb < h;
        let d = 0;
        for (let k = 0; k < 3; k++) d = Math.max(d, Math.abs(A.data[i + k] - (inB ? B.data[j + k] : 255)));
        if (d > tol) differing++;
      }
    }
    return { differing, total: w * h };
  }, [a.toString('base64'), b ? b.toString('base64') : null, tolerance, shiftY]);
}
