// Every script and emoji, typed on both sides (issue 16): a guest named Thảo
// Nguyễn on a phone registers, starts a chat with a Vietnamese subject and
// identifiers, and sends a corpus of messages in every script the clinic
// meets, typed key by key, committed as a phone keyboard does, and composed
// through an IME; a staff member on a desktop answers in the same scripts.
// Each message must come back byte for byte through the API, appear live on
// the other side, and be drawn with real glyphs: window.foxoUi.missingGlyphs()
// stays empty on both pages. A screenshot of each script is kept on each side
// (test-artifacts/browser/world_text-*.png).
import path from 'node:path';
import {
  DESKTOP, PHONE, fill, findItem, press, staffSignInUi, waitForLiveLine, waitForScreen, withPeople,
} from './lib/browser.mjs';
import { caseDetail } from './lib/api.mjs';

const FIRST = 'Thảo';
const LAST = 'Nguyễn';
const SUBJECT = 'Kết quả xét nghiệm 🩺 của Thảo';
const PRACTICE = 'Phòng khám Sài Gòn — 王医生 🏥';

// [name, text, how the guest enters it]: 'keys' is key by key (code points
// outside the keyboard arrive one by one, as insertText), 'commit' is one
// input event with the whole text (a phone keyboard's suggestion bar).
const CORPUS = [
  ['vietnamese', 'Xin chào, tôi là Thảo Nguyễn. Cảm ơn!', 'keys'],
  ['vietnamese-decomposed', 'Nguye\u0302\u0303n Thi\u0323 Tha\u0309o', 'commit'],
  ['greek', 'Καλημέρα, είμαι ο Παπαδόπουλος', 'keys'],
  ['cyrillic', 'Здравствуйте, Иванов на связи', 'commit'],
  ['hebrew', 'שלום, התור שלי ב-10:30 מחר', 'commit'],
  ['arabic', 'مرحبا، أنا أحمد الحسن، رقمي 0412 345 678', 'commit'],
  ['devanagari', 'नमस्ते, मेरा नाम शर्मा है', 'commit'],
  ['thai', 'สวัสดีครับ ขอบคุณมากครับ', 'commit'],
  ['chinese-simplified', '你好，我想预约复诊。谢谢！', 'commit'],
  ['chinese-traditional', '謝謝您的幫助，王醫生', 'commit'],
  ['japanese', 'こんにちは、予約をお願いします', 'commit'],
  ['korean', '안녕하세요, 김입니다', 'commit'],
  ['emoji-keys', 'ok 👍🏽 thanks', 'keys'],
  ['emoji-sequences', 'Family 👨‍👩‍👧‍👦 from 🇦🇺 and 🇻🇳 ❤️ 👩🏾‍⚕️', 'commit'],
  ['mixed-direction', 'Dr Al-Hassan (د. حسن) rang 王 at 9:15 about ref 2026/77', 'commit'],
  ['long-url', 'https://example.org/referrals/2026/Nguyen-Thao/a-very-long-path-without-any-spaces-at-all', 'commit'],
];

// Chinese typed through an IME: the pinyin composes in place, then the
// characters are committed.
const IME_TEXT = '谢谢';
const IME_COMPOSING = 'xiexie';

const STAFF_CORPUS = [
  ['staff-vietnamese', 'Chào chị Thảo, kết quả đã có 😊', 'keys'],
  ['staff-arabic', 'شكرا جزيلا، سنتصل بك غدا', 'commit'],
  ['staff-chinese', '好的，明天见 👋🏻', 'commit'],
];

async function typeInto(page, label, text, how) {
  await fill(page, label, text, { ime: how === 'commit' });
}

// The code points of `texts` beyond Latin-1 that no loaded face of the page's
// own family "Foxo" covers: drawn, if at all, by the browser's fonts rather
// than the ones the relay serves (the machine running the test may have them
// installed, so missingGlyphs() alone would not notice).
async function notFromOurFonts(page, texts) {
  return page.evaluate((all) => {
    const ranges = [];
    document.fonts.forEach((f) => {
      if (f.family.replace(/"/g, '') !== 'Foxo' || f.status !== 'loaded') return;
      for (const m of f.unicodeRange.matchAll(/U\+([0-9a-f]+)(?:-([0-9a-f]+))?/gi))
        ranges.push([parseInt(m[1], 16), parseInt(m[2] || m[1], 16)]);
    });
    const ignorable = (cp) => (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
                              (cp >= 0xE0000 && cp <= 0xE0FFF) || (cp >= 0x2060 && cp <= 0x206F) || cp === 0xAD;
    const out = new Set();
    for (const t of all)
      for (const ch of t) {
        const cp = ch.codePointAt(0);
        if (cp <= 0xFF || ignorable(cp)) continue;
        if (!ranges.some(([a, b]) => cp >= a && cp <= b)) out.add('U+' + cp.toString(16).toUpperCase());
      }
    return [...out];
  }, texts);
}

async function missing(page) {
  // Fonts still arriving are allowed their second (docs/API.md): wait until
  // the page has nothing in flight, then ask.
  await page.waitForFunction(() => document.fonts.status === 'loaded', null, { timeout: 30_000 });
  return page.evaluate(() => window.foxoUi.missingGlyphs());
}

await withPeople('world_text', async ({ open, baseUrl, outDir }) => {
  const shot = (page, name) => page.screenshot({ path: path.join(outDir, `world_text-${name}.png`) });

  // ---- Guest, phone: register with a Vietnamese name ----
  const guest = await open('guest', PHONE);
  // A font the relay could not serve is a failure even where this machine's
  // own fonts would hide it.
  const fontTrouble = [];
  const watchFonts = (who, page) => page.on('console', (m) => {
    if (/^Foxo: .*font/.test(m.text())) fontTrouble.push(`${who}: ${m.text()}`);
  });
  watchFonts('guest', guest);
  await guest.goto('/t/intake');
  await waitForScreen(guest, 'register');
  await fill(guest, 'First name', FIRST);
  await fill(guest, 'Last name', LAST, { ime: true });
  await fill(guest, 'Mobile number', '0412 555 016');
  await shot(guest, 'guest-register');
  await press(guest, 'Send code', 'button');
  await waitForScreen(guest, 'code');
  const outbox = await (await fetch(`${baseUrl}/api/v1/dev/sms`)).json();
  const code = /\b(\d{6})\b/.exec(outbox.messages.filter((m) => m.to === '+61412555016').at(-1)?.body || '')?.[1];
  if (!code) throw new Error(`no code in ${JSON.stringify(outbox)}`);
  await fill(guest, 'Code', code);
  await press(guest, 'Verify', 'button');
  await waitForScreen(guest, 'home');
  await shot(guest, 'guest-home');

  // ---- Subject and identifiers ----
  await press(guest, 'New chat', 'button');
  await waitForScreen(guest, 'new_chat');
  await fill(guest, 'Subject', SUBJECT, { ime: true });
  await press(guest, 'Next', 'button');
  await waitForScreen(guest, 'identifiers');
  await fill(guest, 'Practice name', PRACTICE, { ime: true });
  await shot(guest, 'guest-identifiers');
  await press(guest, 'Start chat', 'button');
  await waitForScreen(guest, 'chat');
  await findItem(guest, 'Message', 'input');

  // ---- Staff, desktop: sign in and claim ----
  const staff = await open('staff', DESKTOP);
  watchFonts('staff', staff);
  await staffSignInUi(staff);
  await press(staff, SUBJECT, 'item');
  await waitForScreen(staff, 'staff_case');
  await press(staff, 'Claim', 'button');
  await findItem(staff, 'Message', 'input');

  const staffRequest = staff.context();
  const listed = await (await staffRequest.request.get('/api/v1/staff/cases?status=all')).json();
  const caseId = listed.cases.find((c) => c.subject === SUBJECT)?.id;
  if (!caseId) throw new Error(`the case is not listed as ${JSON.stringify(SUBJECT)}: ${JSON.stringify(listed)}`);

  // ---- The guest's corpus ----
  const sent = [];
  for (const [name, text, how] of CORPUS) {
    await typeInto(guest, 'Message', text, how);
    await press(guest, 'Send', 'button');
    await waitForLiveLine(guest, { is: `${FIRST} ${LAST}: ${text}` }, `${name} in the guest's transcript`);
    await waitForLiveLine(staff, { is: `${FIRST} ${LAST}: ${text}` }, `${name} reaching the staff console live`);
    sent.push(text);
    await shot(guest, `guest-${name}`);
    await shot(staff, `staff-${name}`);
  }

  // ---- A message's text can be selected and copied ----
  // Desktop: right click on the message opens it as page text, all selected; Copy copies it.
  await staff.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const mixed = CORPUS.find(([n]) => n === 'mixed-direction')[1];
  const spot = async (page, text) => {
    const handle = await page.waitForFunction((t) => window.foxoSelect.regions().find((r) => r.text === t), text);
    const r = await handle.jsonValue();
    return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
  };
  const at = await spot(staff, mixed);
  await staff.mouse.click(at.x, at.y, { button: 'right' });
  await staff.waitForFunction(() => window.foxoSelect.isOpen());
  const selected = await staff.evaluate(() => ({
    shown: document.querySelector('#text-select .text-select-body').textContent,
    selection: window.getSelection().toString(),
  }));
  if (selected.shown !== mixed || selected.selection !== mixed)
    throw new Error(`right click did not select the message: ${JSON.stringify(selected)}`);
  await shot(staff, 'select-message');
  await staff.click('#text-select button');
  await staff.waitForFunction(() => document.querySelector('#text-select button').textContent === 'Copied');
  const copied = await staff.evaluate(() => navigator.clipboard.readText());
  if (copied !== mixed) throw new Error(`copied ${JSON.stringify(copied)}`);
  await staff.keyboard.press('Escape');
  await staff.waitForFunction(() => !window.foxoSelect.isOpen());
  // Phone: a long press does the same.
  const lastText = CORPUS.find(([n]) => n === 'long-url')[1];  // the last one: in view
  const where = await spot(guest, lastText);
  const touch = await guest.context().newCDPSession(guest);
  await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: where.x, y: where.y }] });
  await guest.waitForFunction(() => window.foxoSelect.isOpen(), null, { timeout: 5_000 });
  await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  const picked = await guest.evaluate(() => window.getSelection().toString());
  if (picked !== lastText) throw new Error(`a long press selected ${JSON.stringify(picked)}`);
  await shot(guest, 'select-message');
  await guest.keyboard.press('Escape');
  await guest.waitForFunction(() => !window.foxoSelect.isOpen());

  // ---- IME composition: the composing text shows in place, then commits ----
  await press(guest, 'Message', 'input');
  await guest.waitForFunction(() => window.foxoUi.items().find((i) => i.label === 'Message')?.focused);
  const cdp = await guest.context().newCDPSession(guest);
  await cdp.send('Input.imeSetComposition', { text: IME_COMPOSING, selectionStart: IME_COMPOSING.length,
                                               selectionEnd: IME_COMPOSING.length });
  const composing = await guest.evaluate(() => {
    const el = document.getElementById('text-proxy');
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return { value: el.value, shown: style.display !== 'none' && style.visibility !== 'hidden' &&
             Number(style.opacity) > 0 && style.color !== 'rgba(0, 0, 0, 0)' && r.width > 0 && r.height > 0 };
  });
  if (!composing.value.includes(IME_COMPOSING) || !composing.shown)
    throw new Error(`the IME's composing text is not shown in place: ${JSON.stringify(composing)}`);
  await shot(guest, 'guest-ime-composing');
  await cdp.send('Input.insertText', { text: IME_TEXT });
  await guest.waitForFunction((n) => window.foxoUi.items().find((i) => i.label === 'Message')?.length === n,
                              [...IME_TEXT].length);
  await press(guest, 'Send', 'button');
  await waitForLiveLine(staff, { is: `${FIRST} ${LAST}: ${IME_TEXT}` }, 'the IME text reaching staff');
  sent.push(IME_TEXT);

  // ---- Staff answer in other scripts; the guest sees them live ----
  for (const [name, text, how] of STAFF_CORPUS) {
    await typeInto(staff, 'Message', text, how);
    await press(staff, 'Send', 'button');
    await waitForLiveLine(guest, { endsWith: `: ${text}` }, `${name} reaching the guest live`);
    sent.push(text);
    await shot(staff, name);
    await shot(guest, `guest-sees-${name}`);
  }

  // ---- Byte for byte through the API ----
  const detail = await caseDetail(staffRequest, caseId);
  const bodies = detail.messages.filter((m) => m.author.kind !== 'system').map((m) => m.body);
  for (const text of sent) {
    if (!bodies.includes(text))
      throw new Error(`not stored exactly: ${JSON.stringify(text)}\nstored: ${JSON.stringify(bodies)}`);
  }
  if (detail.subject !== SUBJECT) throw new Error(`subject stored as ${JSON.stringify(detail.subject)}`);
  if (detail.guest.first_name !== FIRST || detail.guest.last_name !== LAST)
    throw new Error(`name stored as ${JSON.stringify(detail.guest)}`);
  if (detail.identifiers.practice_name !== PRACTICE)
    throw new Error(`practice stored as ${JSON.stringify(detail.identifiers)}`);

  // ---- Nothing drawn as a placeholder, on either side ----
  for (const [who, page] of [['guest', guest], ['staff', staff]]) {
    const cps = await missing(page);
    if (cps.length)
      throw new Error(`${who} drew placeholders for ${cps.map((c) => 'U+' + c.toString(16).toUpperCase()).join(' ')}`);
  }
  if (fontTrouble.length) throw new Error(fontTrouble.join('\n'));
  const everything = [FIRST, LAST, SUBJECT, PRACTICE, ...sent];
  for (const [who, page] of [['guest', guest], ['staff', staff]]) {
    const foreign = await notFromOurFonts(page, everything);
    if (foreign.length) throw new Error(`${who}: no font of the relay's covers ${foreign.join(' ')}`);
  }
  await shot(guest, 'guest-final');
  await shot(staff, 'staff-final');
});
