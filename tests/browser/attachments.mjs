// Attachments in the browser, both sides, against the real relay:
// - desktop: staff drag a PDF over the page (the drop highlight shows, then
//   goes), drop it on the canvas; it uploads; the guest sees it in the chat
//   and downloads it, byte for byte the same, under its name;
// - phone (390x844 at 3x, touch): the guest taps Attach and picks a PNG
//   through the file chooser (its thumbnail is drawn), takes a "photo" with
//   Take photo (the camera input; a 3000 px image arrives downscaled to a
//   2048 px JPEG); an upload cut off by the network says so and Retry sends
//   it with the same client_id; Cancel stops one in progress; an .html file
//   is refused by the relay and the chat explains why; Cancel removes it.
// Sessions and the case are set up over HTTP (lib/api.mjs); everything about
// files goes through taps, clicks, drag events and the browser's file chooser.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DESKTOP, PHONE, findItem, liveLines, press, waitForGone, waitForLiveLine, waitForScreen, withPeople,
} from './lib/browser.mjs';
import { caseDetail, claim, guestSignIn, openCase, staffSignIn } from './lib/api.mjs';
import { jpegSize, solidPng } from './lib/images.mjs';
import { countPixels, waitForPixels } from './lib/pixels.mjs';

// A small but real PDF (the relay decides the type from the bytes).
function pdfBytes() {
  const lines = ['%PDF-1.4', '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj', 'trailer << /Root 1 0 R >>', '%%EOF', ''];
  let s = lines.join('\n');
  while (s.length < 600) s += '% visit notes padding line\n';
  return Buffer.from(s.slice(0, 600), 'latin1');
}

// A file's size as the client shows it (file_size_text in wasm-client/app/model.hpp).
function sizeText(bytes) {
  const oneDecimal = (v) => {
    const tenths = Math.floor(v * 10 + 0.5);
    return String(Math.floor(tenths / 10)) + (tenths % 10 && tenths < 100 ? '.' + (tenths % 10) : '');
  };
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${oneDecimal(bytes / 1024)} KB`;
  return `${oneDecimal(bytes / (1024 * 1024))} MB`;
}

// The drop highlight tints the whole page blue (ImGui draws it: foxo-files.js
// only reports the drag). A strip at the left edge is plain white otherwise.
const EDGE = { x: 0, y: 200, width: 6, height: 300 };
const TINTED = { r: [200, 240], g: [210, 245], b: [235, 255] };

// Opens the guest's only chat from the menu.
async function openGuestChat(page, subject) {
  await page.goto('/t/intake');
  await waitForScreen(page, 'home');
  await press(page, 'Menu', 'menu');
  await press(page, subject, 'item');
  await waitForScreen(page, 'chat');
  await findItem(page, 'Attach', 'button');
}

await withPeople('attachments', async ({ open, baseUrl, outDir }) => {
  const shot = (page, name) => page.screenshot({ path: path.join(outDir, `attachments-${name}.png`) });

  // ---- Desktop: staff drop a file, the guest downloads it ----
  const SUBJECT = 'Referral letter';
  const guest = await open('guest-desktop', DESKTOP);
  await guestSignIn(guest.context(), baseUrl, { first: 'Dana', last: 'Παπαδοπούλου', phone: '0412 000 111' });
  const theCase = await openCase(guest.context(), { subject: SUBJECT });
  const staff = await open('staff', DESKTOP);
  await staffSignIn(staff.context());
  await claim(staff.context(), theCase.id);

  await staff.goto('/staff');
  await waitForScreen(staff, 'staff_queue');
  await press(staff, SUBJECT, 'item');
  await waitForScreen(staff, 'staff_case');
  await findItem(staff, 'Attach', 'button');
  const white = await countPixels(staff, TINTED, EDGE);
  if (white !== 0) throw new Error(`the page edge is tinted before any drag (${white} pixels)`);

  const pdf = pdfBytes();
  // A drag carrying a file, as the browser dispatches it, over the canvas.
  await staff.evaluate(([bytes]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'visit-notes.pdf', { type: 'application/pdf' }));
    window.__foxoDrag = dt;
    const canvas = document.getElementById('canvas');
    const at = { clientX: 640, clientY: 400, bubbles: true, cancelable: true, dataTransfer: dt };
    canvas.dispatchEvent(new DragEvent('dragenter', at));
    canvas.dispatchEvent(new DragEvent('dragover', at));
  }, [[...pdf]]);
  await waitForPixels(staff, TINTED, (n) => n === EDGE.width * EDGE.height, 'drop highlight while dragging', { clip: EDGE });
  await shot(staff, '01-staff-drag-over');
  await staff.evaluate(() => {
    const at = { clientX: 640, clientY: 400, bubbles: true, cancelable: true, dataTransfer: window.__foxoDrag };
    document.getElementById('canvas').dispatchEvent(new DragEvent('drop', at));
  });
  await waitForLiveLine(staff, { endsWith: ': visit-notes.pdf (600 bytes)' }, 'the dropped file in the staff transcript');
  await waitForPixels(staff, TINTED, (n) => n === 0, 'no highlight after the drop', { clip: EDGE });
  await findItem(staff, 'Download visit-notes.pdf', 'button');
  await shot(staff, '02-staff-dropped');

  await openGuestChat(guest, SUBJECT);
  await waitForLiveLine(guest, { endsWith: ': visit-notes.pdf (600 bytes)' }, 'the file in the guest transcript');
  const [download] = await Promise.all([
    guest.waitForEvent('download'),
    press(guest, 'Download visit-notes.pdf', 'button'),
  ]);
  if (download.suggestedFilename() !== 'visit-notes.pdf')
    throw new Error(`downloaded as "${download.suggestedFilename()}"`);
  const got = await readFile(await download.path());
  if (!got.equals(pdf)) throw new Error(`downloaded ${got.length} bytes that differ from the ${pdf.length} sent`);
  await shot(guest, '03-guest-downloaded');

  // ---- Phone: Attach, Take photo, and a refused file ----
  const PHONE_SUBJECT = 'Blood test results';
  const phone = await open('guest-phone', { ...PHONE, acceptDownloads: true });
  await guestSignIn(phone.context(), baseUrl, { first: '王', last: 'Fang', phone: '0412 000 222' });
  const phoneCase = await openCase(phone.context(), { subject: PHONE_SUBJECT });
  await openGuestChat(phone, PHONE_SUBJECT);
  await findItem(phone, 'Take photo', 'button');  // a touch screen: the camera is offered

  // A red PNG through the file picker: sent as it is, drawn as a thumbnail.
  const red = solidPng(240, 160, [220, 20, 20]);
  let [chooser] = await Promise.all([phone.waitForEvent('filechooser'), press(phone, 'Attach', 'button')]);
  if (!chooser.isMultiple()) throw new Error('Attach does not let the guest pick several files');
  await chooser.setFiles({ name: 'scan.png', mimeType: 'image/png', buffer: red });
  await waitForLiveLine(phone, { endsWith: `: scan.png (${sizeText(red.length)})` }, 'the picked PNG in the transcript');
  await findItem(phone, 'Download scan.png', 'button');
  await waitForPixels(phone, { r: [200, 240], g: [0, 45], b: [0, 45] }, (n) => n > 1000, 'the red thumbnail drawn');
  await shot(phone, '04-phone-thumbnail');

  // Take photo: the camera input; a big picture arrives as a 2048 px JPEG.
  const big = solidPng(3000, 1500, [30, 140, 60]);
  [chooser] = await Promise.all([phone.waitForEvent('filechooser'), press(phone, 'Take photo', 'button')]);
  const input = chooser.element();
  const capture = await input.getAttribute('capture');
  const accept = await input.getAttribute('accept');
  if (capture !== 'environment' || accept !== 'image/*')
    throw new Error(`Take photo input: capture="${capture}" accept="${accept}"`);
  await chooser.setFiles({ name: 'IMG_0042.png', mimeType: 'image/png', buffer: big });
  await waitForLiveLine(phone, { startsWith: '王 Fang: IMG_0042.jpg (' }, 'the photo in the transcript');
  const detail = await caseDetail(phone.context(), phoneCase.id);
  const photo = detail.messages.map((m) => m.attachment).find((a) => a && a.name === 'IMG_0042.jpg');
  if (!photo || photo.content_type !== 'image/jpeg') throw new Error(`photo stored as ${JSON.stringify(photo)}`);
  const photoBytes = Buffer.from(await (await phone.context().request.get(`/api/v1/attachments/${photo.id}`)).body());
  const size = jpegSize(photoBytes);
  if (!size || size.width !== 2048 || size.height !== 1024)
    throw new Error(`the photo was not downscaled to 2048 x 1024: ${JSON.stringify(size)}`);
  console.log(`attachments: photo ${big.length} byte PNG 3000x1500 -> ${photoBytes.length} byte JPEG 2048x1024`);
  await shot(phone, '05-phone-photo');

  // No connection: the upload fails in words and offers Retry; the retry
  // carries the same client_id (so the relay could never store it twice).
  const UPLOAD = '**/api/v1/cases/*/attachments';
  const clientIds = [];
  const clientIdOf = (req) => /name="client_id"\r\n\r\n([A-Za-z0-9_-]+)/.exec(req.postDataBuffer()?.toString('latin1') || '')?.[1];
  await phone.route(UPLOAD, (route) => { clientIds.push(clientIdOf(route.request())); route.abort('internetdisconnected'); });
  const note = Buffer.from('Blood test taken on Monday morning, fasting.\n');
  [chooser] = await Promise.all([phone.waitForEvent('filechooser'), press(phone, 'Attach', 'button')]);
  await chooser.setFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: note });
  await waitForLiveLine(phone, { is: 'note.txt: Not sent: no connection. Check your network, then Retry.' },
    'the network failure explained');
  await shot(phone, '06-phone-no-connection');
  await phone.unroute(UPLOAD);
  await phone.route(UPLOAD, (route) => { clientIds.push(clientIdOf(route.request())); route.continue(); });
  await press(phone, 'Retry', 'button');
  await waitForLiveLine(phone, { is: `王 Fang: note.txt (${sizeText(note.length)})` }, 'the retried upload stored');
  if (clientIds.length !== 2 || !clientIds[0] || clientIds[0] !== clientIds[1])
    throw new Error(`the retry did not reuse the client_id: ${JSON.stringify(clientIds)}`);
  await phone.unroute(UPLOAD);

  // Cancel while sending: the request is aborted and nothing is stored.
  let held;
  await phone.route(UPLOAD, (route) => { held = route; });  // never answered
  [chooser] = await Promise.all([phone.waitForEvent('filechooser'), press(phone, 'Attach', 'button')]);
  await chooser.setFiles({ name: 'cancelled.txt', mimeType: 'text/plain', buffer: note });
  await waitForLiveLine(phone, { startsWith: 'Sending file: cancelled.txt' }, 'the upload in progress');
  await press(phone, 'Cancel', 'button');
  await waitForGone(phone, 'Cancel', 'button');
  await held?.abort().catch(() => {});
  await phone.unroute(UPLOAD);
  if ((await liveLines(phone)).some((l) => l.includes('cancelled.txt')))
    throw new Error('the cancelled upload is still shown');

  // A web page is refused (415) and the chat says why; Cancel removes it.
  [chooser] = await Promise.all([phone.waitForEvent('filechooser'), press(phone, 'Attach', 'button')]);
  await chooser.setFiles({ name: 'invoice.html', mimeType: 'text/html',
    buffer: Buffer.from('<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>\n') });
  await waitForLiveLine(phone,
    { is: "invoice.html: Not sent: this type of file can't be sent (photos, PDF, Word, Excel, text)." },
    'the refusal explained');
  await findItem(phone, 'Cancel', 'button');
  await shot(phone, '07-phone-refused');
  await press(phone, 'Cancel', 'button');
  await waitForGone(phone, 'Cancel', 'button');
  const after = await caseDetail(phone.context(), phoneCase.id);
  for (const name of ['invoice', 'cancelled'])
    if (after.messages.some((m) => m.attachment && m.attachment.name.includes(name)))
      throw new Error(`${name}: stored although refused or cancelled`);
}, {
  // The relay's 415 for the refused file, and the cut connection, are logged
  // by Chromium as failed loads.
  allowConsole: [/status of 415/, /ERR_INTERNET_DISCONNECTED/],
});
