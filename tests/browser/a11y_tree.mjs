// The semantics tree (issue 21) on every screen of both sides (lib/tour.mjs):
// Chromium's full accessibility tree (CDP Accessibility.getFullAXTree) holds
// each widget the frame drew (window.foxoUi.items()) with the right role and
// name, in the right place (its element lies over the widget, for touch
// exploration), and axe-core finds no serious or critical violation. Also:
// the screen's title is a heading, the menu a navigation landmark, a
// confirmation a dialog, the transcript a log. What the tree cost per frame
// is printed, never asserted.
import { DESKTOP, PHONE, withPeople } from './lib/browser.mjs';
import { axNodes, axeViolations, describeStats, treeStats, within } from './lib/ax.mjs';
import { TOUR_ALLOW_CONSOLE, TOUR_STOPS, tour } from './lib/tour.mjs';

// The role and name a screen reader must get for each kind of widget.
function expected(item) {
  switch (item.kind) {
    case 'button': return { role: 'button', name: (n) => n === item.label || n.startsWith(item.label) };
    case 'menu': return { role: 'button', name: (n) => n === item.label, expanded: true };
    case 'input': return { role: 'textbox', name: (n) => n === item.label };
    // A row: a button named by what the row says, in a list item.
    case 'item': return { role: 'button', name: (n) => n === item.label || n.startsWith(`${item.label}, `), listitem: true };
    default: return null;
  }
}

// What of the frame's widgets the tree lacks (an empty list when all is there).
async function missing(page) {
  const items = await page.evaluate(() => window.foxoUi.items());
  const nodes = await axNodes(page);
  const problems = [];
  for (const item of items) {
    const want = expected(item);
    if (!want) { problems.push(`unknown widget kind ${item.kind} (${item.label})`); continue; }
    const i = nodes.findIndex((n) => !n.ignored && n.role === want.role && want.name(n.name));
    if (i < 0) { problems.push(`${item.kind} "${item.label}": no ${want.role} with that name`); continue; }
    if (want.listitem && !within(nodes, i, 'listitem')) problems.push(`row "${item.label}" is not in a list item`);
    if (want.expanded && nodes[i].props.expanded === undefined) problems.push(`menu "${item.label}" does not say whether it is open`);
  }
  // Where it is: the element over the widget (touch exploration), within a CSS pixel.
  const off = await page.evaluate(() => window.foxoUi.items().filter((it) => {
    const els = [...document.querySelectorAll('#a11y button, #a11y input, #text-proxy')];
    return !els.some((el) => {
      const r = (el.closest('li') || el.closest('#a11y > *, #a11y div') || el).getBoundingClientRect();
      const b = el.getBoundingClientRect();
      return [r, b].some((q) => Math.abs(q.left + window.scrollX - it.x) <= 1 && Math.abs(q.top + window.scrollY - it.y) <= 1 &&
                               Math.abs(q.width - it.w) <= 1 && Math.abs(q.height - it.h) <= 1);
    });
  }).map((it) => `${it.kind} "${it.label}"`));
  for (const o of off) problems.push(`${o}: no element of the tree lies over it`);
  return problems;
}

// The landmarks and containers a stop must have.
const NEEDS = {
  menu: [['navigation', /.+/]],
  chat: [['log', 'Messages']],
  staff_case: [['log', 'Messages']],
  chat_confirm_close: [['dialog', /^Close this chat\?/]],
  sign_out_confirm: [['dialog', /not been sent/]],
};

await withPeople('a11y_tree', async ({ open, baseUrl }) => {
  const visited = [];
  const costs = new Map();  // page -> stats
  await tour({ open, baseUrl }, async (page, stop) => {
    // The tree follows the frame: a few frames may pass between reading the
    // hook and the tree, so look again until they agree (or give up).
    let problems = [];
    for (let attempt = 0; attempt < 30; ++attempt) {
      problems = await missing(page);
      if (!problems.length) break;
      await page.waitForTimeout(100);
    }
    if (problems.length) throw new Error(`${stop}: the accessibility tree is missing widgets:\n  ${problems.join('\n  ')}`);
    const nodes = await axNodes(page);
    if (!nodes.some((n) => !n.ignored && n.role === 'heading' && n.name))
      throw new Error(`${stop}: no heading`);
    for (const [role, name] of NEEDS[stop] || [])
      if (!nodes.some((n) => !n.ignored && n.role === role && (name instanceof RegExp ? name.test(n.name) : n.name === name)))
        throw new Error(`${stop}: no ${role} named ${name}`);
    const violations = await axeViolations(page);
    if (violations.length) throw new Error(`${stop}: axe-core reports:\n  ${violations.join('\n  ')}`);
    visited.push(stop);
    costs.set(page, await treeStats(page));
    console.log(`a11y_tree: ${stop}: ${nodes.filter((n) => !n.ignored).length} accessible nodes, axe clean`);
  }, { devices: { guest: PHONE, staff: DESKTOP } });
  const skipped = TOUR_STOPS.filter((s) => !visited.includes(s));
  if (skipped.length) throw new Error(`the tour skipped ${skipped.join(', ')}`);
  // The cost, reported (never asserted: timings depend on the machine).
  for (const [page, s] of costs) console.log(`a11y_tree: cost (${page === [...costs.keys()][0] ? 'guest' : 'staff'}): ${describeStats(s)}`);
}, { allowConsole: TOUR_ALLOW_CONSOLE });
