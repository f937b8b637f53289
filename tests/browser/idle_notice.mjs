// The staff idle notice (issue 20), in the browser with Playwright's fake
// clock (page.clock: Date, performance.now, timers and animation frames):
// the console measures idleness from the person's last input, so the relay's
// clock is not the one that matters here.
//  - 55 minutes without input: the notice with its countdown and Stay signed
//    in; pressing it hides the notice and refreshes the relay's session
//    (GET /api/v1/staff/me);
//  - then a whole hour without input: the console signs out (the cookie gets
//    401) and the sign-in screen says why, with nothing of the person stored.
import path from 'node:path';
import { DESKTOP, findItem, press, waitForGone, waitForLiveLine, waitForScreen, withPeople } from './lib/browser.mjs';
import { staffSignIn } from './lib/api.mjs';
import { storageDump } from './lib/storage.mjs';

const NOTICE = 'You will be signed out in 5 minutes because nothing was done in this console. Press Stay signed in to stay.';

await withPeople('idle_notice', async ({ open, baseUrl, outDir }) => {
  const desk = await open('desk', DESKTOP);
  await desk.clock.install();
  await staffSignIn(desk.context(), { email: 'intake1@demo.test' });
  await desk.goto('/staff');
  await waitForScreen(desk, 'staff_queue');
  if (await desk.evaluate(() => window.foxoUi.items().some((i) => i.label === 'Stay signed in')))
    throw new Error('the notice is there before anyone was idle');

  // ---- 55 minutes on: the notice ----
  await desk.clock.fastForward('55:00');
  await findItem(desk, 'Stay signed in', 'button');
  await waitForLiveLine(desk, { is: NOTICE }, 'the notice for screen readers');
  await desk.screenshot({ path: path.join(outDir, 'idle_notice.png') });
  const refreshed = desk.waitForRequest((r) => r.url().endsWith('/api/v1/staff/me') && r.method() === 'GET');
  await press(desk, 'Stay signed in', 'button');
  await refreshed;
  await waitForGone(desk, 'Stay signed in', 'button');

  // ---- An hour without input: signed out ----
  const cookie = (await desk.context().cookies()).find((c) => c.name === 'foxo_staff');
  const loggedOut = desk.waitForRequest((r) => r.url().endsWith('/api/v1/staff/logout') && r.method() === 'POST');
  await desk.clock.fastForward('55:00');
  await findItem(desk, 'Stay signed in', 'button');
  await desk.clock.fastForward('05:00');
  await loggedOut;
  await waitForScreen(desk, 'staff_login');
  await waitForLiveLine(desk, { is: 'You were signed out after an hour without activity.' }, 'the sentence');
  await desk.waitForFunction(() => !window.Module.foxoEvents.want);
  const res = await fetch(`${baseUrl}/api/v1/staff/me`, { headers: { Cookie: `foxo_staff=${cookie.value}` } });
  if (res.status !== 401) throw new Error(`after the idle sign-out the staff cookie gets ${res.status}`);
  const left = (await storageDump(desk)).filter(([k]) => k.startsWith('foxo.') && k !== 'foxo.alerts.v1');
  if (left.length) throw new Error(`storage still holds ${JSON.stringify(left)}`);
  await desk.screenshot({ path: path.join(outDir, 'idle_notice-signed-out.png') });
}, { allowConsole: [/401/] });
