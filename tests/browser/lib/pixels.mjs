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
