// The semantics tree (issue 21; the C++ side: wasm-client/platform/semantics.cpp
// and the widgets' records in wasm-client/ui/widgets.cpp).
//
// A canvas is one image to a screen reader. After each frame that changed
// something the client sends the nodes that changed (its diff: `set`,
// `drop`, and `order` when nodes came, went or moved); this script keeps one
// DOM element per node, keyed by its id and updated in place: a real <button>
// for a button or the hamburger, <h1>/<h2> for titles, an <input> with its
// <label> (required, aria-invalid, aria-describedby its error text) for a
// field, <ul>/<li> for rows, <nav> for the menu, role=dialog for a
// confirmation, role=log for the transcript, role=status for a banner,
// role=alert for an error, <p> for text. Every element sits over its widget
// (touch exploration finds it where the finger is) and is transparent; the
// tree takes no pointer input (pointer-events: none), so taps and clicks
// still reach the canvas for sighted users, while a screen reader's
// activation (a double tap, Enter) is a click on the element itself.
//
// Back to the client, one per frame (foxoA11y.take): "press node X" (a click
// on its element) and "focus node X" (DOM focus moved onto it). Forth from
// the client: the node the canvas has focus on gets DOM focus (Tab moved it),
// and after a step to a new screen, its heading does.
//
// Text fields: the page's text proxy (foxo-input.js) stays the one field that
// edits. Focusing a field's <input> here asks the client to focus that field;
// the client activates it, and foxo-input.js places and focuses the proxy over
// it as it does for a tap. While the proxy edits a field, that field's <input>
// here is hidden and the proxy carries its label, required, invalid state and
// description: one text field per canvas field at any time.
//
// Announcements: the aria-live mirror (#live, platform::set_live_lines) says
// new transcript lines once; the transcript here is a log with aria-live off
// so nothing is said twice. An error here is role=alert, said where it
// appears; the same line in #live is then hidden from screen readers.
'use strict';
(function () {
  var canvas = document.getElementById('canvas');
  var proxy = document.getElementById('text-proxy');
  var live = document.getElementById('live');
  if (!canvas) return;

  var root = document.createElement('div');
  root.id = 'a11y';
  var rs = root.style;
  // Over the canvas, invisible, never in the way of a pointer.
  rs.position = 'fixed';
  rs.left = rs.top = '0';
  rs.width = rs.height = '0';
  rs.overflow = 'visible';
  rs.opacity = '0';
  rs.pointerEvents = 'none';
  rs.zIndex = '1';
  canvas.parentNode.insertBefore(root, canvas.nextSibling);

  var CONTAINERS = { list: 'ul', nav: 'nav', dialog: 'div', log: 'div' };
  var nodes = new Map();    // id -> { d: the node as last sent, el: its element, target: what is focused or clicked }
  var order = [];
  var actions = [];         // kind * 2^32 + id, for the client
  var screen = '';
  var wantHeading = false;  // a new screen: its heading takes focus once drawn
  var canvasFocus = 0;      // the node the canvas had focus on at the last change
  var scale = 0, left = 0, top = 0;
  var stats = { publishes: 0, frames: 0, cppMs: 0, domMs: 0, maxDomMs: 0, nodes: 0 };

  function wake() { if (window.Module && Module.foxoRequestFrame) Module.foxoRequestFrame(); }
  function queue(kind, id) {
    actions.push(kind * 4294967296 + id);
    wake();
  }

  function flat(el) {
    var s = el.style;
    s.margin = s.padding = '0';
    s.border = '0';
    s.background = 'transparent';
    s.outline = 'none';
    s.overflow = 'hidden';
    s.pointerEvents = 'none';
    s.font = 'inherit';
  }

  function make(d) {
    var el, target = null;
    var tag = CONTAINERS[d.role];
    if (tag) {
      el = document.createElement(tag);
      if (d.role === 'dialog') el.setAttribute('role', 'dialog');
      if (d.role === 'log') {
        el.setAttribute('role', 'log');
        el.setAttribute('aria-live', 'off');  // #live announces new lines
      }
      if (d.role === 'list') el.style.listStyle = 'none';
    } else if (d.role === 'heading') {
      el = target = document.createElement(d.lvl === 1 ? 'h1' : 'h2');
      el.tabIndex = -1;
    } else if (d.role === 'button' || d.role === 'menu') {
      el = target = document.createElement('button');
      el.type = 'button';
    } else if (d.role === 'listitem') {
      el = document.createElement('li');
      target = document.createElement('button');
      target.type = 'button';
      flat(target);
      target.style.width = target.style.height = '100%';
      target.style.display = 'block';
      el.appendChild(target);
    } else if (d.role === 'textbox') {
      el = document.createElement('div');
      var label = document.createElement('label');
      target = document.createElement('input');
      target.id = 'a11y-field-' + d.id;
      target.autocomplete = 'off';
      label.htmlFor = target.id;
      flat(label);
      label.style.position = 'absolute';
      label.style.width = label.style.height = '1px';
      flat(target);
      target.style.width = target.style.height = '100%';
      el.appendChild(label);
      el.appendChild(target);
    } else {
      el = document.createElement('p');
      if (d.role === 'status') el.setAttribute('role', 'status');
      if (d.role === 'alert') el.setAttribute('role', 'alert');
    }
    el.id = 'a11y-' + d.id;
    flat(el);
    if (!tag) el.style.position = 'absolute';
    var n = { d: {}, el: el, target: target };
    if (target) target.foxoNode = d.id;
    return n;
  }

  function place(n) {
    if (CONTAINERS[n.d.role]) return;  // their children are placed, they are not
    var s = n.el.style, d = n.d;
    s.left = d.x * scale + 'px';
    s.top = d.y * scale + 'px';
    s.width = d.w * scale + 'px';
    s.height = d.h * scale + 'px';
  }

  function setAttr(el, name, value) {
    if (value === null || value === undefined || value === false) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== String(value)) {
      el.setAttribute(name, value);
    }
  }

  function update(n, d) {
    var old = n.d, el = n.el, t = n.target;
    if (old.name !== d.name) {
      if (d.role === 'textbox') el.firstChild.textContent = d.name;
      else if (d.role === 'listitem') t.textContent = d.name;
      else if (d.role === 'nav' || d.role === 'dialog' || d.role === 'log') el.setAttribute('aria-label', d.name);
      else if (d.role !== 'list') el.textContent = d.name;
    }
    if (t && t.tagName === 'BUTTON') t.disabled = !!d.d;
    if (d.role === 'listitem') setAttr(t, 'aria-current', d.sel ? 'true' : null);
    if (d.role === 'textbox') {
      var type = d.kb === 'password' ? 'password' : d.kb === 'tel' ? 'tel' : d.kb === 'email' ? 'email' : 'text';
      if (t.type !== type) t.type = type;
      t.required = !!d.req;
      setAttr(t, 'aria-invalid', d.inv ? 'true' : null);
      setAttr(t, 'aria-describedby', d.desc ? 'a11y-' + d.desc : null);
      var v = d.val || '';
      if (t.value !== v && document.activeElement !== t) t.value = v;
      // The text proxy edits it now, with its label: one field, not two.
      el.hidden = !!d.f;
    }
    n.d = d;
    place(n);
  }

  function parentEl(n) {
    var p = n.d.p && nodes.get(n.d.p);
    return p ? p.el : root;
  }

  // Puts the elements in the order of the frame, moving only what is out of place.
  function arrange() {
    var last = new Map();  // parent element -> the child placed last
    for (var i = 0; i < order.length; i++) {
      var n = nodes.get(order[i]);
      if (!n) continue;
      var pe = parentEl(n);
      var prev = last.get(pe);
      var want = prev ? prev.nextSibling : pe.firstChild;
      if (want !== n.el) pe.insertBefore(n.el, want);
      last.set(pe, n.el);
    }
  }

  function fit() {
    var r = canvas.getBoundingClientRect();
    var k = r.width / (canvas.width || 1);
    if (k === scale && r.left === left && r.top === top) return false;
    scale = k;
    left = r.left;
    top = r.top;
    rs.left = left + 'px';
    rs.top = top + 'px';
    return true;
  }

  // After a change: the hamburger says whether the menu is open, the proxy
  // carries the state of the field it edits, focus follows the canvas, and
  // what an alert says is not said again by #live.
  function settle() {
    var navOpen = null, focused = null, heading = null, field = null, alerts = [], statuses = [];
    for (var i = 0; i < order.length; i++) {
      var n = nodes.get(order[i]);
      if (!n) continue;
      var d = n.d;
      if (d.role === 'nav') navOpen = n;
      else if (d.role === 'heading' && d.lvl === 1) heading = n;
      else if (d.role === 'alert') alerts.push(d.name);
      else if (d.role === 'status') statuses.push(n);
      if (d.f) {
        if (d.role === 'textbox') field = d;
        else if (n.target) focused = n;
      }
    }
    nodes.forEach(function (n) {
      if (n.d.role !== 'menu') return;
      setAttr(n.el, 'aria-expanded', navOpen ? 'true' : 'false');
      setAttr(n.el, 'aria-controls', navOpen ? navOpen.el.id : null);
    });
    if (proxy) {
      setAttr(proxy, 'aria-required', field && field.req ? 'true' : null);
      setAttr(proxy, 'aria-invalid', field && field.inv ? 'true' : null);
      setAttr(proxy, 'aria-describedby', field && field.desc ? 'a11y-' + field.desc : null);
    }
    var active = document.activeElement;
    var fid = focused ? focused.d.id : 0;
    // A new screen: its heading, unless a field took focus (sign-in forms
    // start in their first field). Whatever ImGui's navigation picked on the
    // new screen does not pull focus away from it.
    if (wantHeading && active === proxy) wantHeading = false;
    else if (wantHeading && heading) {
      heading.target.focus({ preventScroll: true });
      wantHeading = false;
      canvasFocus = fid;
    }
    // The canvas moved its focus (Tab, arrow keys): DOM focus follows.
    if (fid !== canvasFocus) {
      canvasFocus = fid;
      if (focused && document.activeElement !== focused.target && document.activeElement !== proxy)
        focused.target.focus({ preventScroll: true });
    }
    if (live && (alerts.length || statuses.length)) {
      var lines = live.children;
      for (var j = 0; j < lines.length; j++) {
        var text = lines[j].textContent;
        if (!lines[j].hasAttribute('aria-hidden') && alerts.some(function (a) { return a === text; }))
          lines[j].setAttribute('aria-hidden', 'true');
        // A banner that #live says already stays quiet (still a status to find).
        statuses.forEach(function (s) { if (s.d.name.indexOf(text) >= 0) setAttr(s.el, 'aria-live', 'off'); });
      }
    }
  }

  function apply(json) {
    var t0 = performance.now();
    var diff = JSON.parse(json);
    // The element with focus may be replaced (a title that became the h1, a
    // node whose id changed): focus then goes to its successor, not the body.
    var before = document.activeElement;
    var held = before && before.foxoNode !== undefined && nodes.get(before.foxoNode);
    held = held ? { role: held.d.role, name: held.d.name } : null;
    if (diff.screen !== screen) {
      screen = diff.screen;
      wantHeading = true;
    }
    var rescaled = fit();
    (diff.drop || []).forEach(function (id) {
      var n = nodes.get(id);
      if (!n) return;
      if (n.el.parentNode) n.el.parentNode.removeChild(n.el);
      nodes.delete(id);
    });
    (diff.set || []).forEach(function (d) {
      var n = nodes.get(d.id);
      // A heading that changed level, or a node that changed role: a new element.
      if (n && (n.d.role !== d.role || (d.role === 'heading' && n.d.lvl !== d.lvl))) {
        if (n.el.parentNode) n.el.parentNode.removeChild(n.el);
        n = null;
      }
      if (!n) {
        n = make(d);
        nodes.set(d.id, n);
        if (!diff.order) parentEl({ d: d }).appendChild(n.el);
      }
      update(n, d);
    });
    if (diff.order) {
      order = diff.order;
      arrange();
    }
    if (rescaled) nodes.forEach(place);
    if (held && !root.contains(document.activeElement) && document.activeElement !== proxy) {
      var heir = null;
      nodes.forEach(function (n) { if (!heir && n.target && n.d.role === held.role && n.d.name === held.name) heir = n; });
      if (heir && !heir.el.hidden) heir.target.focus({ preventScroll: true });
    }
    settle();
    var dt = performance.now() - t0;
    stats.publishes++;
    stats.frames += diff.frames || 0;
    stats.cppMs += diff.cost_ms || 0;
    stats.domMs += dt;
    stats.maxDomMs = Math.max(stats.maxDomMs, dt);
    stats.nodes = nodes.size;
  }

  // A click on a button of the tree (a screen reader's activation, Enter or
  // Space on a focused one): the widget is pressed on the next frame.
  root.addEventListener('click', function (e) {
    var b = e.target && e.target.closest && e.target.closest('button');
    if (!b || b.foxoNode === undefined) return;
    e.preventDefault();
    queue(1, b.foxoNode);
  });
  // Enter and Space on a button of the tree: its click presses the widget.
  // GLFW must not see them (ImGui would press its focused widget as well):
  // this script runs before the Emscripten runtime, so this listener runs
  // before GLFW's. Unless keys wait in the page's key queue (a Tab on its
  // way): then the queue takes this one too, in order (platform/keyboard.cpp).
  window.addEventListener('keydown', function (e) {
    var t = e.target;
    if ((e.key !== 'Enter' && e.key !== ' ') || e.ctrlKey || e.altKey || e.metaKey) return;
    if (!t || t.tagName !== 'BUTTON' || !root.contains(t)) return;
    if (window.Module && Module.foxoKeys && Module.foxoKeys.length) return;
    e.stopImmediatePropagation();
  }, true);
  // DOM focus onto a node (a screen reader's cursor, a test's DOM.focus):
  // the canvas focus moves there too; a field is activated (the proxy takes over).
  root.addEventListener('focusin', function (e) {
    var id = e.target && e.target.foxoNode;
    if (id === undefined) return;
    var n = nodes.get(id);
    // Headings take DOM focus only (the canvas has no focus for text).
    if (n && !n.d.f && n.d.role !== 'heading') queue(0, id);
  });
  // A pointer on the canvas: the person is not using the tree; its focus
  // would otherwise stay on a button that Enter would then press.
  canvas.addEventListener('pointerdown', function () {
    var a = document.activeElement;
    if (a && root.contains(a)) a.blur();
  });
  window.addEventListener('resize', function () { if (fit()) nodes.forEach(place); });

  window.foxoA11y = Object.freeze({
    apply: apply,
    // The next action for the client, or -1.
    take: function () { return actions.length ? actions.shift() : -1; },
    // What the tree cost so far: client frames seen, publishes (frames that
    // changed something), the client's side (diff and serialising, ms) and
    // the DOM updates (ms; the largest one too), and how many nodes it holds.
    stats: function () { return Object.assign({}, stats); },
    resetStats: function () {
      stats = { publishes: 0, frames: 0, cppMs: 0, domMs: 0, maxDomMs: 0, nodes: nodes.size };
    }
  });
})();
