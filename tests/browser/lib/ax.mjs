// The page as a screen reader gets it: Chromium's full accessibility tree
// through CDP (Accessibility.getFullAXTree), finding nodes by role and name,
// focusing them (DOM.focus with their backendNodeId) and the figures of the
// page's semantics tree (www/foxo-a11y.js). Chromium only (Playwright pages).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = process.env.FOXO_NODE_MODULES || path.resolve(here, '../../node/node_modules');

const sessions = new WeakMap();
export async function cdpOf(page) {
  if (!sessions.has(page)) sessions.set(page, await page.context().newCDPSession(page));
  return sessions.get(page);
}

// The tree's nodes that a screen reader sees (not ignored), each as
// { role, name, backendId, parent (index or -1), props: { expanded, required, invalid, focused, ... } }.
export async function axNodes(page) {
  const cdp = await cdpOf(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const index = new Map(nodes.map((n, i) => [n.nodeId, i]));
  return nodes.map((n) => ({
    role: n.role?.value || '',
    name: n.name?.value || '',
    ignored: !!n.ignored,
    backendId: n.backendDOMNodeId,
    parent: n.parentId !== undefined && index.has(n.parentId) ? index.get(n.parentId) : -1,
    value: n.value?.value,
    props: Object.fromEntries((n.properties || []).map((p) => [p.name, p.value?.value])),
  }));
}

// Whether node `i` has an ancestor with role `role`.
export function within(nodes, i, role) {
  for (let p = nodes[i].parent; p >= 0; p = nodes[p].parent) if (nodes[p].role === role) return true;
  return false;
}

function matches(n, role, name) {
  if (n.ignored || n.role !== role) return false;
  return name instanceof RegExp ? name.test(n.name) : n.name === name;
}

// Waits (polling the tree, each poll a fresh snapshot) until a node with
// `role` and `name` (a string, exactly, or a RegExp) is in the tree.
export async function waitForAx(page, role, name, { timeout = 15_000, what } = {}) {
  const deadline = Date.now() + timeout;
  let nodes = [];
  for (;;) {
    nodes = await axNodes(page);
    const found = nodes.find((n) => matches(n, role, name));
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = nodes.filter((n) => !n.ignored && n.name && !['StaticText', 'InlineTextBox'].includes(n.role))
        .map((n) => `${n.role} "${n.name}"`);
      throw new Error(`${what || 'waiting'}: no ${role} named ${name} in the accessibility tree; it holds:\n  ${seen.join('\n  ')}`);
    }
    await page.waitForTimeout(100);  // a poll interval: the tree has no change event over CDP
  }
}

// DOM focus on the node a screen reader would land on.
export async function focusAx(page, role, name, opts) {
  const node = await waitForAx(page, role, name, opts);
  const cdp = await cdpOf(page);
  await cdp.send('DOM.focus', { backendNodeId: node.backendId });
  return node;
}

// Focuses the button named `name` and presses Enter on it (or Space).
export async function activateAx(page, name, { role = 'button', key = 'Enter', ...opts } = {}) {
  await focusAx(page, role, name, opts);
  await page.keyboard.press(key);
}

// Focuses the text field named `name` (the page hands focus to its text
// proxy, which then carries the same name), types `text`, and waits until
// the client holds every character.
export async function typeAx(page, name, text) {
  await focusAx(page, 'textbox', name);
  await page.waitForFunction((n) => {
    const el = document.activeElement;
    return el && el.id === 'text-proxy' && el.getAttribute('aria-label') === n;
  }, name, { timeout: 15_000 }).catch(async (e) => {
    const active = await page.evaluate(() => document.activeElement?.outerHTML?.slice(0, 200));
    throw new Error(`the field "${name}" did not take focus for typing (${e.message}); focus is on ${active}`);
  });
  const start = await page.evaluate((l) => window.foxoUi.items().find((x) => x.label === l)?.length ?? 0, name);
  await page.keyboard.type(text);
  await page.waitForFunction(
    ([l, n]) => { const i = window.foxoUi.items().find((x) => x.label === l); return i && i.length === n; },
    [name, start + [...text].length], { timeout: 15_000 });
}

// The page's figures for its semantics tree (foxoA11y.stats()).
export async function treeStats(page) { return page.evaluate(() => window.foxoA11y.stats()); }

export function describeStats(s) {
  const perFrame = s.frames ? s.cppMs / s.frames : 0;
  const perPublish = s.publishes ? s.domMs / s.publishes : 0;
  return `${s.frames} frames, ${s.publishes} with a change; client side (diff, JSON, DOM update) ` +
         `${(perFrame * 1000).toFixed(0)} µs per frame on average; DOM update ${(perPublish * 1000).toFixed(0)} µs ` +
         `per change on average, ${s.maxDomMs.toFixed(2)} ms at most; ${s.nodes} nodes at the end`;
}

// axe-core's serious and critical violations on the page as it is now.
const AXE = readFileSync(path.join(modules, 'axe-core', 'axe.min.js'), 'utf8');
export async function axeViolations(page) {
  // Through CDP's evaluate, which the page's Content-Security-Policy does not govern.
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
