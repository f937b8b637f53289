// The client's three renderers in Chromium (issue 19): WebGL 2 (default
// switches), WebGL 1 (WebGL 2 turned off) and no WebGL at all (the 2D canvas
// with the WebAssembly rasteriser). For each, in a browser launched that way
// against one relay:
//   1. the page reports the renderer it should have chosen
//      (window.foxoUi.renderer(), <html data-renderer>), with no console
//      error or warning and nothing about hardware acceleration;
//   2. a guest on a phone (390x844 @3x, touch) registers, verifies, starts a
//      chat and sends a message through the UI; staff on a desktop page of
//      the same browser see their queue, and claim and reply over the API;
//      the guest sees the reply live;
//   3. the same chat (the one started on WebGL 2, opened with that guest's
//      session in a fresh page of each browser) looks the same as on WebGL 2: the
//      screenshots differ by at most 1 in 10,000 pixels beyond 8 levels of
//      red, green or blue. Controls prove the comparison can fail: against a
//      blank image and against WebGL 2's own screenshot moved down by one
//      device pixel it must find far more;
//   4. on WebGL 2, a context lost after the first frame puts the message
//      asking for a reload over the canvas.
// Screenshots: render_paths-<renderer>-chat.png and -look.png in FOXO_OUT_DIR.
import path from 'node:path';
import { DESKTOP, PHONE, fill, press, waitForLiveLine, waitForScreen, withPeople } from './lib/browser.mjs';
import { claim, latestCode, say, staffSignIn } from './lib/api.mjs';
import { comparePngs } from './lib/pixels.mjs';

const PATHS = [
  { renderer: 'webgl2', chromiumArgs: [] },
  // Chromium 156 keeps WebGL 2 with --disable-es3-apis (seen here: the page
  // still got a WebGL 2 context); --disable-webgl2 leaves WebGL 1 only.
  { renderer: 'webgl1', chromiumArgs: ['--disable-es3-apis', '--disable-webgl2'] },
  { renderer: 'canvas2d', chromiumArgs: ['--disable-3d-apis'] },
];
const FIRST = 'Mai', LAST = 'Tran';
// One guest per renderer (codes are rate-limited per number).
const MOBILE = { webgl2: '0412 555 011', webgl1: '0412 555 012', canvas2d: '0412 555 013' };
const e164 = (mobile) => '+61' + mobile.replace(/\D/g, '').replace(/^0/, '');
const GUEST_SAYS = 'Is the clinic open on Saturday morning?';
const STAFF_SAYS = 'Yes, from 9 until 12. See you then!';
const subjectOf = (renderer) => `Renderer check ${renderer}`;
// At most this share of pixels may differ by more than TOLERANCE.
const TOLERANCE = 8;
const MAX_DIFFERING = 1e-4;

// Console warnings are problems too on every path, except SwiftShader's own
// "GPU stall due to ReadPixels" performance note, which Chromium prints for
// the unchanged WebGL 2 client as well (screenshots read the GL canvas back).
function watchWarnings(page, who, problems) {
  page.on('console', (m) => {
    if (m.type() !== 'warning') return;
    if (/GL Driver Message .*GPU stall due to ReadPixels/.test(m.text())) return;
    problems.push(`${who}: console warning: ${m.text()}`);
  });
}

async function checkRenderer(page, want, who) {
  const got = await page.evaluate(() => ({ hook: window.foxoUi.renderer(), mark: document.documentElement.dataset.renderer,
                                            html: document.documentElement.outerHTML }));
  if (got.hook !== want || got.mark !== want)
    throw new Error(`${who}: renderer ${got.hook} (data-renderer ${got.mark}), wanted ${want}`);
  if (/hardware acceleration/i.test(got.html)) throw new Error(`${who}: the page mentions hardware acceleration`);
}

// A screenshot once two in a row are the same (the frame loop has settled).
async function settledShot(page, file) {
  const until = Date.now() + 20_000;
  let last = await page.screenshot();
  while (Date.now() < until) {
    const next = await page.screenshot();
    if (next.equals(last)) {
      await page.screenshot({ path: file });
      return next;
    }
    last = next;
  }
  throw new Error(`${file}: the page kept changing`);
}

await withPeople('render_paths', async ({ open, baseUrl, outDir, problems }) => {
  // ---- 1 and 2: each renderer through the whole exchange ----
  let reference = null;
  for (const { renderer, chromiumArgs } of PATHS) {
    const subject = subjectOf(renderer);
    const guest = await open(`guest-${renderer}`, PHONE, { chromiumArgs });
    watchWarnings(guest, `guest-${renderer}`, problems);
    await guest.goto('/t/intake');
    await waitForScreen(guest, 'register');
    await checkRenderer(guest, renderer, `guest-${renderer}`);
    await fill(guest, 'First name', FIRST);
    await fill(guest, 'Last name', LAST);
    await fill(guest, 'Mobile number', MOBILE[renderer]);
    await press(guest, 'Send code', 'button');
    await waitForScreen(guest, 'code');
    await fill(guest, 'Code', await latestCode(baseUrl, e164(MOBILE[renderer])));
    await press(guest, 'Verify', 'button');
    await waitForScreen(guest, 'home');
    await press(guest, 'New chat', 'button');
    await waitForScreen(guest, 'new_chat');
    await fill(guest, 'Subject', subject);
    await press(guest, 'Next', 'button');
    await waitForScreen(guest, 'identifiers');
    await fill(guest, 'Practice name', 'Harbour Medical Centre');
    await fill(guest, 'Provider number', '2345678A');
    await press(guest, 'Start chat', 'button');
    await waitForScreen(guest, 'chat');
    await fill(guest, 'Message', GUEST_SAYS);
    await press(guest, 'Send', 'button');
    await waitForLiveLine(guest, { is: `${FIRST} ${LAST}: ${GUEST_SAYS}` }, `${renderer}: the guest's message`);

    // Staff: the console drawn by the same renderer; claiming and replying
    // are not the point here, so they go over the API.
    const staff = await open(`staff-${renderer}`, DESKTOP, { chromiumArgs });
    watchWarnings(staff, `staff-${renderer}`, problems);
    await staffSignIn(staff.context());
    await staff.goto('/staff');
    await waitForScreen(staff, 'staff_queue');
    await checkRenderer(staff, renderer, `staff-${renderer}`);
    const queue = await (await staff.context().request.get('/api/v1/staff/queue')).json();
    const waiting = queue.cases.find((c) => c.subject === subject);
    if (!waiting) throw new Error(`${renderer}: "${subject}" is not in the staff queue: ${JSON.stringify(queue)}`);
    await claim(staff.context(), waiting.id);
    await say(staff.context(), waiting.id, STAFF_SAYS);
    await waitForLiveLine(guest, { endsWith: `: ${STAFF_SAYS}` }, `${renderer}: the reply reaching the guest`);
    await settledShot(guest, path.join(outDir, `render_paths-${renderer}-chat.png`));
    await checkRenderer(guest, renderer, `guest-${renderer}`);
    // The WebGL 2 guest's session and records open the reference chat in part 3.
    if (renderer === 'webgl2') reference = await guest.context().storageState();
    await guest.context().close();
    await staff.context().close();
    console.log(`render_paths: ${renderer}: the guest registered, chatted and got the reply`);
  }

  // ---- 3: the same chat on every renderer looks the same ----
  const shots = new Map();
  let comparer = null;
  for (const { renderer, chromiumArgs } of PATHS) {
    const page = await open(`look-${renderer}`, { ...PHONE, storageState: reference }, { chromiumArgs });
    watchWarnings(page, `look-${renderer}`, problems);
    await page.goto('/t/intake');
    await waitForScreen(page, 'home');
    await press(page, 'Menu', 'menu');
    await press(page, subjectOf('webgl2'), 'item');
    await waitForScreen(page, 'chat');
    await waitForLiveLine(page, { endsWith: `: ${STAFF_SAYS}` }, `${renderer}: the reply in the reference chat`);
    await checkRenderer(page, renderer, `look-${renderer}`);
    shots.set(renderer, await settledShot(page, path.join(outDir, `render_paths-${renderer}-look.png`)));
    if (!comparer) comparer = page;  // lends its image decoder; kept open
    else await page.context().close();
  }

  const ref = shots.get('webgl2');
  const limit = (r) => r.total * MAX_DIFFERING;
  // Controls: a comparison that cannot fail proves nothing.
  const blank = await comparePngs(comparer, ref, null, { tolerance: TOLERANCE });
  const shifted = await comparePngs(comparer, ref, ref, { tolerance: TOLERANCE, shiftY: 1 });
  for (const [what, r] of [['a blank image', blank], ['itself one pixel lower', shifted]]) {
    if (r.differing <= 10 * limit(r))
      throw new Error(`control: WebGL 2's chat against ${what} differs in only ${r.differing} of ${r.total} pixels`);
  }
  console.log(`render_paths: controls: blank ${blank.differing}, shifted ${shifted.differing} of ${blank.total} pixels differ`);
  for (const renderer of ['webgl1', 'canvas2d']) {
    const r = await comparePngs(comparer, ref, shots.get(renderer), { tolerance: TOLERANCE });
    console.log(`render_paths: ${renderer} against webgl2: ${r.differing} of ${r.total} pixels differ by more than ${TOLERANCE}`);
    if (r.differing > limit(r))
      throw new Error(`${renderer} does not look like WebGL 2: ${r.differing} of ${r.total} pixels differ` +
                      (r.sizes ? ` (sizes ${r.sizes})` : ''));
  }

  // ---- 4: a WebGL context lost after the first frame asks for a reload ----
  // (Emscripten's GL layer does not restore it, and the 2D canvas cannot take
  // over a canvas that had a WebGL context; a reload picks what works then.)
  await comparer.evaluate(() =>
    document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context').loseContext());
  const lost = await comparer.waitForFunction(() => {
    const el = document.getElementById('loading');
    return el && el.classList.contains('failed') && el.querySelector('p').textContent;
  }, null, { timeout: 15_000 }).catch(() => { throw new Error('a lost WebGL context shows no message'); });
  const said = await lost.jsonValue();
  if (said !== 'The display stopped working. Reload the page to continue.') throw new Error(`lost context: "${said}"`);
  if (!(await comparer.locator('#loading').isVisible())) throw new Error('lost context: the message is not visible');
  await comparer.screenshot({ path: path.join(outDir, 'render_paths-webgl2-lost.png') });
  console.log(`render_paths: a lost WebGL 2 context says "${said}"`);
});
