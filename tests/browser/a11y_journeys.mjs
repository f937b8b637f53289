// Both journeys again, as a screen-reader or keyboard-only user does them
// (issue 21): every step finds a node in Chromium's accessibility tree by
// role and name (CDP Accessibility.getFullAXTree), puts DOM focus on it (CDP
// DOM.focus with its backendNodeId) and uses the keyboard (Enter on buttons,
// typing into fields). No canvas coordinates, no pointer, no foxoUi.press.
// - the guest on a phone: team link, name and number, the code from the SMS
//   outbox, a new chat with subject and identifiers, a message in
//   Vietnamese, Greek and Arabic with emoji, and the staff's reply, which
//   arrives in the transcript log and is announced once (#live);
// - staff on a desktop: sign in, the case from the queue, Claim, a reply,
//   Request close.
// Along the way: each step to a new screen leaves focus on its heading, the
// fields carry their label and required state, and an error is an alert.
import { DESKTOP, PHONE, liveLines, waitForLiveLine, waitForScreen, withPeople } from './lib/browser.mjs';
import { latestCode } from './lib/api.mjs';
import { activateAx, axNodes, describeStats, treeStats, typeAx, waitForAx, within } from './lib/ax.mjs';

const SUBJECT = 'Giấy giới thiệu — Παραπεμπτικό';
const GUEST_SAYS = 'Xin chào, Καλημέρα, مرحبا 👋🏽🩺';
const STAFF_SAYS = 'Chào Thảo, Γεια σας, أهلاً 🙂';

// After a step: the new screen's heading has DOM focus (a screen reader
// starts reading there), or, on a screen that starts in a field (`field`:
// sign-in forms), that field (the text proxy, named by it) has.
async function expectHeadingFocus(page, name, field) {
  await waitForAx(page, 'heading', name);
  const src = name instanceof RegExp ? name.source : `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  await page.waitForFunction(([s, f]) => {
    const el = document.activeElement;
    if (f && el && el.id === 'text-proxy') return el.getAttribute('aria-label') === f;
    return el && el.tagName === 'H1' && new RegExp(s).test(el.textContent);
  }, [src, field], { timeout: 15_000 }).catch(async () => {
    const at = await page.evaluate(() => document.activeElement?.outerHTML?.slice(0, 160));
    throw new Error(`focus did not move to the heading "${name}"; it is on ${at}`);
  });
}

await withPeople('a11y_journeys', async ({ open, baseUrl }) => {
  // ---- Guest, phone ----
  const guest = await open('guest', PHONE);
  await guest.goto('/t/intake');
  await expectHeadingFocus(guest, 'Start a secure chat', 'First name');
  await typeAx(guest, 'First name', 'Thảo');
  await typeAx(guest, 'Last name', 'Nguyễn');
  await typeAx(guest, 'Mobile number', '0412 345 679');
  await activateAx(guest, 'Send code');
  await waitForScreen(guest, 'code');
  await expectHeadingFocus(guest, 'Enter the code', 'Code');
  await typeAx(guest, 'Code', '000000');
  await activateAx(guest, 'Verify');
  // A wrong code: an alert where the field is, and the field says it is invalid and described by it.
  // (An alert's name is not computed from its text: the text is its content.)
  await waitForAx(guest, 'alert', /.*/, { what: 'the wrong code\'s error' });
  const alert = { name: await guest.evaluate(() => document.querySelector('#a11y [role=alert]')?.textContent) };
  if (!alert.name) throw new Error('the alert says nothing');
  const codeField = (await axNodes(guest)).find((n) => !n.ignored && n.role === 'textbox' && n.name === 'Code');
  if (!codeField || codeField.props.invalid !== 'true')
    throw new Error(`the code field does not say it is invalid: ${JSON.stringify(codeField?.props)} (alert: ${alert.name})`);
  await typeAx(guest, 'Code', '');  // focus the field again
  await guest.keyboard.press('Control+A');
  await guest.keyboard.press('Backspace');
  await guest.waitForFunction(() => window.foxoUi.items().find((i) => i.label === 'Code')?.length === 0, null,
    { timeout: 15_000 });
  await typeAx(guest, 'Code', await latestCode(baseUrl, '+61412345679'));
  await activateAx(guest, 'Verify');
  await waitForScreen(guest, 'home');
  await expectHeadingFocus(guest, /^Welcome/);
  await activateAx(guest, 'New chat');
  await waitForScreen(guest, 'new_chat');
  await expectHeadingFocus(guest, 'What is it about?');
  await typeAx(guest, 'Subject', SUBJECT);
  await activateAx(guest, 'Next');
  await waitForScreen(guest, 'identifiers');
  // A mandatory identifier says so (the canvas shows "Required" beside it).
  const practice = await waitForAx(guest, 'textbox', 'Practice name');
  if (practice.props.required !== true) throw new Error(`Practice name is not marked required: ${JSON.stringify(practice.props)}`);
  await typeAx(guest, 'Practice name', 'Phòng khám Bến Thành');
  await activateAx(guest, 'Start chat');
  await waitForScreen(guest, 'chat');
  await waitForAx(guest, 'log', 'Messages');
  await typeAx(guest, 'Message', GUEST_SAYS);
  await activateAx(guest, 'Send');
  await waitForLiveLine(guest, { is: `Thảo Nguyễn: ${GUEST_SAYS}` }, 'the guest\'s message announced');

  // ---- Staff, desktop ----
  const staff = await open('staff', DESKTOP);
  await staff.goto('/staff');
  await expectHeadingFocus(staff, 'Foxo staff sign-in', 'Email');
  await typeAx(staff, 'Email', 'intake1@demo.test');
  await typeAx(staff, 'Password', 'demo-password');
  await activateAx(staff, 'Sign in');
  await waitForScreen(staff, 'staff_queue');
  // The queue's row: a button in a list item, named with what the row says.
  const rowName = new RegExp(`^${SUBJECT}, `);
  await waitForAx(staff, 'button', rowName);
  const nodes = await axNodes(staff);
  const row = nodes.findIndex((n) => !n.ignored && n.role === 'button' && rowName.test(n.name));
  if (!within(nodes, row, 'listitem') || !within(nodes, row, 'list')) throw new Error('the queue row is not in a list');
  console.log(`a11y_journeys: the queue row reads "${nodes[row].name}"`);
  await activateAx(staff, rowName);
  await waitForScreen(staff, 'staff_case');
  await activateAx(staff, 'Claim');
  await typeAx(staff, 'Message', STAFF_SAYS);
  await activateAx(staff, 'Send');
  await waitForLiveLine(staff, { endsWith: `: ${STAFF_SAYS}` }, 'the reply on the staff side');

  // ---- The guest gets the reply: in the log, announced once ----
  await waitForLiveLine(guest, { endsWith: `: ${STAFF_SAYS}` }, 'the reply announced to the guest');
  const logNodes = await axNodes(guest);
  const said = logNodes.findIndex((n) => !n.ignored && n.name.endsWith(`: ${STAFF_SAYS}`) && within(logNodes, logNodes.indexOf(n), 'log'));
  if (said < 0) throw new Error('the reply is not in the transcript log');
  const lines = await liveLines(guest);
  for (const text of [GUEST_SAYS, STAFF_SAYS]) {
    const n = lines.filter((l) => l.endsWith(`: ${text}`)).length;
    if (n !== 1) throw new Error(`"${text}" is announced ${n} times:\n${lines.join('\n')}`);
  }
  const liveLogs = logNodes.filter((n) => !n.ignored && n.role === 'log' && n.props.live && n.props.live !== 'off');
  if (liveLogs.length) throw new Error('the transcript log is a live region as well as #live: it would be said twice');

  // ---- Staff asks to close; the guest hears it ----
  await activateAx(staff, 'Request close');
  await waitForLiveLine(guest, { is: 'The team asked to close this chat.' }, 'the close request reaching the guest');
  await waitForAx(guest, 'button', 'Close Chat');
  console.log(`a11y_journeys: guest tree: ${describeStats(await treeStats(guest))}`);
  console.log(`a11y_journeys: staff tree: ${describeStats(await treeStats(staff))}`);
});
