// Staff sign-in on a desktop browser: /staff, Email, Tab to Password (focus
// order with the keyboard alone), Enter to sign in, the queue.
import path from 'node:path';
import { DESKTOP, fill, liveText, waitForScreen, withBrowser } from './lib/browser.mjs';

await withBrowser('staff_signin', DESKTOP, async ({ page, outDir }) => {
  await page.goto('/staff');
  await waitForScreen(page, 'staff_login');
  await fill(page, 'Email', 'intake1@demo.test');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => window.foxoUi.items().find((i) => i.label === 'Password')?.focused)
    .catch(() => { throw new Error('Tab did not move to Password'); });
  await page.keyboard.type('demo-password');
  await page.waitForFunction(() => window.foxoUi.items().find((i) => i.label === 'Password')?.length === 13);
  await page.keyboard.press('Enter');
  await waitForScreen(page, 'staff_queue').catch(async (e) => {
    throw new Error(`${e.message}\nshown: ${await liveText(page)}`);
  });
  await page.screenshot({ path: path.join(outDir, 'staff_signin-queue.png') });
});
