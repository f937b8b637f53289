// Selecting and copying a message's text (the C++ side publishes where each
// message is: wasm-client/platform/platform.cpp, set_copyable).
//
// A canvas has no text selection. A right click, a double click or a long
// press on a message opens a real page element over it holding the message's
// text, already selected: the browser's own selection then works (drag to
// change it, handles and the copy menu on phones, Ctrl+C or Cmd+C), and a
// Copy button copies it all. Escape, a click elsewhere or scrolling closes it.
'use strict';
(function () {
  var canvas = document.getElementById('canvas');
  if (!canvas) return;
  var LONG_PRESS_MS = 500;
  var SLOP = 10;  // CSS px a finger may move during a long press

  var regions = [];  // [{x, y, w, h, text}] in canvas pixels, from the last frame
  var panel = null, textEl = null, copyBtn = null;

  function cssRect(r) {
    var b = canvas.getBoundingClientRect();
    var k = b.width / (canvas.width || 1);
    return { x: b.left + r.x * k, y: b.top + r.y * k, w: r.w * k, h: r.h * k };
  }
  function regionAt(clientX, clientY) {
    for (var i = regions.length - 1; i >= 0; i--) {
      var c = cssRect(regions[i]);
      if (clientX >= c.x && clientX <= c.x + c.w && clientY >= c.y && clientY <= c.y + c.h) return regions[i];
    }
    return null;
  }

  function build() {
    panel = document.createElement('div');
    panel.id = 'text-select';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', 'Message text');
    textEl = document.createElement('div');
    textEl.className = 'text-select-body';
    copyBtn = document.createElement('button');
    copyBtn.type = 'button';
    copyBtn.textContent = 'Copy';
    copyBtn.addEventListener('click', function () {
      var sel = window.getSelection();
      var chosen = sel && !sel.isCollapsed && textEl.contains(sel.anchorNode) ? sel.toString() : textEl.textContent;
      var done = function () { copyBtn.textContent = 'Copied'; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(chosen).then(done, function () { legacyCopy(chosen); done(); });
      } else {
        legacyCopy(chosen);
        done();
      }
    });
    panel.appendChild(textEl);
    panel.appendChild(copyBtn);
    // Escape closes it wherever focus went (a long press may leave it on the canvas).
    window.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && isOpen()) { e.stopPropagation(); close(); }
    }, true);
    document.body.appendChild(panel);
  }
  function legacyCopy(text) {
    var ta = document.createElement('textarea');
    ta.value = text;
    ta.className = 'foxo-file-input';
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
    ta.remove();
  }

  function open(region) {
    if (!panel) build();
    var c = cssRect(region);
    textEl.textContent = region.text;
    textEl.dir = 'auto';
    copyBtn.textContent = 'Copy';
    panel.style.left = Math.max(4, c.x) + 'px';
    panel.style.top = Math.max(4, c.y) + 'px';
    panel.style.minWidth = Math.max(120, c.w) + 'px';
    panel.style.display = 'block';
    var sel = window.getSelection();
    if (sel) sel.selectAllChildren(textEl);
    copyBtn.focus({ preventScroll: true });
  }
  function close() {
    if (!panel || panel.style.display !== 'block') return;
    panel.style.display = 'none';
    var sel = window.getSelection();
    if (sel) sel.removeAllRanges();
    canvas.focus({ preventScroll: true });
  }
  function isOpen() { return panel && panel.style.display === 'block'; }

  canvas.addEventListener('contextmenu', function (e) {
    var r = regionAt(e.clientX, e.clientY);
    if (r) open(r);
  });
  canvas.addEventListener('dblclick', function (e) {
    var r = regionAt(e.clientX, e.clientY);
    if (r) open(r);
  });
  // iOS fires no contextmenu for a long press: time it here. On the window in
  // the capture phase, like foxo-input.js (loaded after this script), which
  // keeps canvas touches from going further.
  var press = null;
  window.addEventListener('touchstart', function (e) {
    if (e.target !== canvas) return;
    if (e.touches.length !== 1) { press = null; return; }
    var t = e.touches[0];
    var r = regionAt(t.clientX, t.clientY);
    if (!r) { press = null; return; }
    press = { x: t.clientX, y: t.clientY, timer: setTimeout(function () { press = null; open(r); }, LONG_PRESS_MS) };
  }, { passive: true, capture: true });
  function cancelPress(e) {
    if (!press) return;
    var t = e.changedTouches && e.changedTouches[0];
    if (e.type === 'touchmove' && t && Math.abs(t.clientX - press.x) < SLOP && Math.abs(t.clientY - press.y) < SLOP) return;
    clearTimeout(press.timer);
    press = null;
  }
  ['touchmove', 'touchend', 'touchcancel'].forEach(function (type) {
    window.addEventListener(type, cancelPress, { passive: true, capture: true });
  });
  document.addEventListener('pointerdown', function (e) {
    if (isOpen() && !panel.contains(e.target)) close();
  }, true);
  canvas.addEventListener('wheel', close, { passive: true });

  window.foxoSelect = Object.freeze({
    // After a frame: where each message's text is (canvas pixels).
    publish: function (list) { regions = list || []; },
    isOpen: function () { return !!isOpen(); },
    // The messages' places in CSS pixels (for tests: nothing here changes state).
    regions: function () {
      return regions.map(function (r) { var c = cssRect(r); return { x: c.x, y: c.y, w: c.w, h: c.h, text: r.text }; });
    }
  });
})();
