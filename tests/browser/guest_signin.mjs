// Guest sign-in on a phone: name and number typed into the canvas form, the
// code read from the dev SMS outbox, typed in, and the home screen reached.
import path from 'node:path';
import { PHONE, fill, liveText, press, waitForScreen, withBrowser } from './lib/browser.mjs';

await withBrowser('guest_signin', PHONE, async ({ page, baseUrl, outDir }) => {
  await page.goto('/t/intake');
  await waitForScreen(page, 'register');
  await fill(page, 'First name', 'Thảo');
  await fill(page, 'Last name', 'Nguyễn');
  await fill(page, 'Mobile number', '0412 345 678');
  await press(page, 'Send code', 'button');
  await waitForScreen(page, 'code').catch(async (e) => {
    throw new Error(`${e.message}\nshown: ${await liveText(page)}`);
  });

  // The relay answered 202 before the client moved on, so the SMS is in the outbox.
  const outbox = await (await fetch(`${baseUrl}/api/v1/dev/sms`)).json();
  const sms = outbox.messages.filter((m) => m.to === '+61412345678').at(-1);
  if (!sms) throw new Error(`no SMS to +61412345678 in ${JSON.stringify(outbox)}`);
  const code = /\b(\d{6})\b/.exec(sms.body)?.[1];
  if (!code) throw new Error(`no 6-digit code in "${sms.body}"`);

  await page.screenshot({ path: path.join(outDir, 'guest_signin-code.png') });
  await fill(page, 'Code', code);
  await press(page, 'Verify', 'button');
  await waitForScreen(page, 'home').catch(async (e) => {
    throw new Error(`${e.message}\nshown: ${await liveText(page)}`);
  });
  await page.screenshot({ path: path.join(outDir, 'guest_signin-home.png') });
});
