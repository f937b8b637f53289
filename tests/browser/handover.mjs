// Handing a chat on in the staff console (issue 20), two consoles on
// desktops and the guest on a phone, against the real relay:
// - Ivy claims the chat and hands it over (Hand over, then Ian's name);
//   Ian's console, filtered to Mine, lists it at once (a live `case` event,
//   no reload); Ivy's console stops offering Hand over;
// - Ian returns it to the queue (Return to queue); Mine no longer lists it;
// - Ivy searches: `nguyen` finds the guest Nguyễn's chat and not another
//   guest's (Enter asks at once), the guest's number in another format finds
//   it too (asked once typing pauses); clearing the search brings the lists back;
// - Ivy transfers it to the Results Team (Transfer, then the team's name): it
//   leaves her lists and the guest's phone shows the new team;
// - a row whose words change while Ivy holds the mouse down on it (Ian hands
//   her the other chat: "Ian Intake" becomes "You") still opens on release.
// Sessions and the chats are set up over HTTP (lib/api.mjs); everything about
// handing on and searching goes through taps, clicks and the keyboard.
import path from 'node:path';
import {
  DESKTOP, PHONE, findItem, fill, liveText, press, waitForGone, waitForScreen, withPeople,
} from './lib/browser.mjs';
import { claim, guestSignIn, openCase, staffSignIn } from './lib/api.mjs';

const SUBJECT = 'Thẻ bảo hiểm 🩺 王';
const OTHER_SUBJECT = 'Αίτημα αποτελεσμάτων 🧾';

async function console_(open, who, email) {
  const page = await open(who, DESKTOP);
  await staffSignIn(page.context(), { email });
  await page.goto('/staff');
  await waitForScreen(page, 'staff_queue');
  return page;
}

// Empties an input through the keyboard (Backspace for each character),
// waiting until it holds nothing.
async function clearInput(page, label) {
  await press(page, label, 'input');
  const length = await page.evaluate((l) => window.foxoUi.items().find((i) => i.label === l).length, label);
  for (let i = 0; i < length; ++i) await page.keyboard.press('Backspace');
  await page.waitForFunction((l) => window.foxoUi.items().find((i) => i.label === l)?.length === 0, label,
    { timeout: 15_000 });
}

await withPeople('handover', async ({ open, baseUrl, outDir }) => {
  const shot = (page, name) => page.screenshot({ path: path.join(outDir, `handover-${name}.png`) });

  // ---- The scene: two guests with a chat each, the first on her phone ----
  const guest = await open('guest', PHONE);
  await guestSignIn(guest.context(), baseUrl, { first: 'Nguyễn', last: 'Thị Minh Khai', phone: '0412 555 017' });
  await openCase(guest.context(), { subject: SUBJECT });
  const other = await open('other-guest', PHONE);
  await guestSignIn(other.context(), baseUrl, { first: 'Ἀθηνᾶ', last: 'Παπαδόπουλος', phone: '0412 555 018' });
  const otherCase = await openCase(other.context(), { subject: OTHER_SUBJECT });
  await other.close();

  await guest.goto('/t/intake');
  await waitForScreen(guest, 'home');
  await press(guest, 'Menu', 'menu');
  await press(guest, SUBJECT, 'item');
  await waitForScreen(guest, 'chat');

  const ivy = await console_(open, 'ivy', 'intake1@demo.test');
  const ian = await console_(open, 'ian', 'intake2@demo.test');
  await press(ian, 'Mine', 'button');
  await findItem(ian, 'Mine', 'button');

  // ---- Ivy claims, then hands over to Ian ----
  await press(ivy, SUBJECT, 'item');
  await waitForScreen(ivy, 'staff_case');
  await press(ivy, 'Claim', 'button');
  await findItem(ivy, 'Hand over', 'button');
  await press(ivy, 'Hand over', 'button');
  await press(ivy, 'Ian Intake', 'item');
  // Ian's Mine lists it at once.
  await findItem(ian, SUBJECT, 'item').catch((e) => { throw new Error(`Ian's Mine does not list the chat: ${e.message}`); });
  await waitForGone(ivy, 'Hand over', 'button');
  await shot(ian, 'ian-mine');

  // ---- Ian returns it to the queue ----
  await press(ian, SUBJECT, 'item');
  await waitForScreen(ian, 'staff_case');
  await findItem(ian, 'Return to queue', 'button');
  await press(ian, 'Return to queue', 'button');
  await waitForGone(ian, SUBJECT, 'item');  // no longer Mine
  await findItem(ivy, 'Claim', 'button');         // Ivy's open case view follows: waiting again

  // ---- Ivy searches ----
  await fill(ivy, 'Search', 'nguyen');
  await ivy.keyboard.press('Enter');
  await waitForGone(ivy, OTHER_SUBJECT, 'item');
  await findItem(ivy, SUBJECT, 'item');
  await shot(ivy, 'search-name');
  await clearInput(ivy, 'Search');
  await findItem(ivy, OTHER_SUBJECT, 'item');  // the lists again
  await fill(ivy, 'Search', '+61412555017');  // the number as registered was 0412 555 017; asked once typing pauses
  await waitForGone(ivy, OTHER_SUBJECT, 'item');
  await findItem(ivy, SUBJECT, 'item');
  await clearInput(ivy, 'Search');
  await findItem(ivy, OTHER_SUBJECT, 'item');

  // ---- Ivy transfers it to the Results Team ----
  await press(ivy, 'Transfer', 'button');
  await press(ivy, 'Results Team', 'item');
  await waitForGone(ivy, SUBJECT, 'item');
  await waitForGone(ivy, 'Transfer', 'button');
  await guest.waitForFunction(
    () => [...(document.getElementById('live')?.children || [])].some((c) => c.textContent.includes('Results Team')),
    null, { timeout: 30_000 }).catch(async (e) => {
    throw new Error(`the guest's chat does not show the Results Team: ${e.message}\n${await liveText(guest)}`);
  });
  await shot(guest, 'guest-transferred');

  // ---- A press held while its row's words change still opens the chat ----
  // Ian takes the other chat; Ivy's list says it is Ian's. Ivy holds the
  // mouse down on that row while Ian hands it to her, so the row now says
  // "You"; releasing opens it. (A row named by its words lost such a press.)
  await claim(ian.context(), otherCase.id);
  const rowSays = (words) => ivy.waitForFunction(([subject, w]) =>
    [...document.querySelectorAll('#a11y li')].some((li) => li.textContent.startsWith(subject) && li.textContent.includes(w)),
  [OTHER_SUBJECT, words], { timeout: 15_000 });
  await rowSays('Ian Intake');
  const row = await findItem(ivy, OTHER_SUBJECT, 'item');
  await ivy.mouse.move(row.x + row.w / 2, row.y + row.h / 2);
  await ivy.mouse.down();
  const directory = await (await ian.context().request.get('/api/v1/staff/colleagues')).json();
  const ivyId = directory.teams.flatMap((t) => t.members).find((p) => p.name === 'Ivy Intake').id;
  const handed = await ian.context().request.post(`/api/v1/staff/cases/${otherCase.id}/assign`, { data: { staff_id: ivyId } });
  if (handed.status() !== 200) throw new Error(`assign: ${handed.status()} ${await handed.text()}`);
  await rowSays('You');
  const moved = await findItem(ivy, OTHER_SUBJECT, 'item');
  if (moved.y !== row.y) throw new Error(`the row moved under the press (${row.y} -> ${moved.y})`);
  await ivy.mouse.up();
  await waitForScreen(ivy, 'staff_case');
  await findItem(ivy, 'Hand over', 'button');  // her case now, open
}, { allowConsole: [] });
