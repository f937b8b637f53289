// Staff sign-in on a desktop browser: /staff, Email and Password, Sign in,
// the queue.
import path from 'node:path';
import { DESKTOP, fill, liveText, press, waitForScreen, withBrowser } from './lib/browser.mjs';

await withBrowser('staff_signin', DESKTOP, async ({ page, outDir }) => {
  await page.goto('/staff');
  await waitForScreen(page, 'staff_login');
  await fill(page, 'Email', 'intake1@demo.test');
  await fill(page, 'Password', 'demo-password');
  await press(page, 'Sign in', 'button');
  await waitForScreen(page, 'staff_queue').catch(async (e) => {
    throw new Error(`${e.message}\nshown: ${await liveText(page)}`);
  });
  await page.screenshot({ path: path.join(outDir, 'staff_signin-queue.png') });
});
