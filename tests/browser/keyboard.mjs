// Keyboard alone (issue 7, "focus order that works with a keyboard alone"),
// desktop viewport, staff side: sign in with typing, Tab and Shift+Tab
// between the fields and to the Sign in button, Enter to press it; then in
// the queue Tab past the header (Space turns the sound alerts off), the
// filter (Mine, Unassigned, All) and Search to the first case, the down
// arrow to the second, Enter to open it. The focused widget's ring is kept in a screenshot.
import path from 'node:path';
import { DESKTOP, findItem, liveLines, waitForLiveLine, waitForScreen, withPeople } from './lib/browser.mjs';
import { guestSignIn, openCase, say } from './lib/api.mjs';

function focusedIs(page, label, focused = true) {
  return page.waitForFunction(([l, f]) => {
    const i = window.foxoUi && window.foxoUi.items().find((x) => x.label === l);
    return !!i && i.focused === f;
  }, [label, focused], { timeout: 15_000 }).catch(() => {
    throw new Error(`"${label}" ${focused ? 'did not take' : 'kept'} the keyboard focus`);
  });
}

await withPeople('keyboard', async ({ open, baseUrl, outDir }) => {
  // Two cases waiting in the queue, oldest first.
  const guest = await open('guest', DESKTOP);
  await guestSignIn(guest.context(), baseUrl, { first: 'Kim', last: 'Trần', phone: '0412 000 444' });
  const first = await openCase(guest.context(), { subject: 'Keyboard case one' });
  await say(guest.context(), first.id, 'About the first case.');
  const second = await openCase(guest.context(), { subject: 'Keyboard case two' });
  await say(guest.context(), second.id, 'About the second case.');

  const staff = await open('staff', DESKTOP);
  await staff.goto('/staff');
  await waitForScreen(staff, 'staff_login');
  await focusedIs(staff, 'Email');  // the sign-in screen starts in its first field
  await staff.keyboard.type('intake1@demo.test');
  await staff.keyboard.press('Tab');
  await focusedIs(staff, 'Password');
  await staff.keyboard.press('Shift+Tab');
  await focusedIs(staff, 'Email');
  await staff.keyboard.press('Tab');
  await focusedIs(staff, 'Password');
  await staff.keyboard.type('demo-password');
  await staff.keyboard.press('Tab');  // on to the button
  await focusedIs(staff, 'Password', false);
  await staff.screenshot({ path: path.join(outDir, 'keyboard-01-sign-in-focused.png') });
  await staff.keyboard.press('Enter');
  await waitForScreen(staff, 'staff_queue');
  await findItem(staff, 'Keyboard case two', 'item');  // the queue has loaded

  // The header: Sound alerts, Desktop alerts, Two-factor. The first Tab
  // lands on the second of them (seen: Desktop alerts), so back one.
  await staff.keyboard.press('Tab');
  await staff.keyboard.press('Shift+Tab');  // Sound alerts
  await staff.keyboard.press('Space');      // turned off by keyboard alone (issue 20)
  await staff.waitForFunction(() => JSON.parse(window.localStorage.getItem('foxo.alerts.v1') || '{}').sound === false,
                              null, { timeout: 15_000 }).catch(() => { throw new Error('Space did not turn the sound off'); });
  await staff.keyboard.press('Tab');        // Desktop alerts
  await staff.keyboard.press('Tab');        // Two-factor
  for (let i = 0; i < 3; ++i) await staff.keyboard.press('Tab');  // the filter: Mine, Unassigned, All
  await staff.keyboard.press('Tab');
  await focusedIs(staff, 'Search');         // the search over the lists
  await staff.keyboard.press('Tab');        // the first row of the queue
  await focusedIs(staff, 'Keyboard case one');
  // Keys go to the page's text proxy (www/foxo-input.js) until the client
  // lets go of it a frame or two after the Tab: a person is slower than that.
  await staff.waitForFunction(() => document.activeElement?.id !== 'text-proxy', null, { timeout: 15_000 });
  await staff.keyboard.press('ArrowDown');  // the second
  await focusedIs(staff, 'Keyboard case two');
  await staff.screenshot({ path: path.join(outDir, 'keyboard-02-queue-focused.png') });
  await staff.keyboard.press('Enter');
  await waitForScreen(staff, 'staff_case');
  await waitForLiveLine(staff, { is: 'Kim Trần: About the second case.' }, 'the second case opened by keyboard');
  if ((await liveLines(staff)).some((l) => l.includes('first case')))
    throw new Error('the first case opened instead of the second');
  await staff.screenshot({ path: path.join(outDir, 'keyboard-03-case-opened.png') });
});
