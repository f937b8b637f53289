// Text input and touch for the canvas UI (the C++ side: wasm-client/ui/text_input.cpp).
//
// Keyboard: a canvas cannot open a phone's keyboard, take SMS code autofill,
// an IME composition or the browser clipboard. One real <input id="text-proxy">
// does the editing instead: when a tap lands on an ImGui input, it is placed
// over that field, configured for it (type, inputmode, autocomplete,
// enterkeyhint) and focused inside the tap's own handler (browsers only open
// the keyboard from a user gesture). Its value and selection go to the client
// on every change (input, composition, selection); the client's value and
// selection come back after each frame (a click on the canvas moved the caret,
// the composer was cleared after Send). Enter and Tab are passed to the client.
//
// Touch: drags on the canvas scroll the area under the finger, with momentum.
//
// This script runs before the Emscripten runtime, so its window listeners run
// before GLFW's: keys aimed at the proxy never reach GLFW (which would type
// them a second time), and touches never reach GLFW either (it would take a
// touch as a press at the previous pointer position).
'use strict';
(function () {
  var canvas = document.getElementById('canvas');
  var el = document.getElementById('text-proxy');
  if (!canvas || !el) return;

  var st = {
    fields: [],         // the last frame's inputs: label, rect (canvas px), value, DOM settings
    target: '',         // the field the proxy is set up for ('' none)
    intent: '',         // a tap focused the proxy for this field; the client has not confirmed yet
    intentMouseUp: false,
    gesture: false,     // the proxy was focused inside a user gesture (the keyboard is up)
    composing: false,
    seq: 0,             // edits sent to the client
    applied: 0,         // edits the client has applied
    known: { value: '', start: 0, end: 0 },  // the state both sides agree on
    selfBlur: false,
    out: {},
    pending: false
  };

  // `frames`: how many frames the change needs (default 3: a press, its release, the result).
  function wake(frames) {
    if (window.Module && Module.foxoRequestFrame) Module.foxoRequestFrame(frames);
  }
  function queue(key, value, frames) {
    st.out[key] = value;
    st.pending = true;
    wake(frames);
  }

  function cssRect(f) {
    var r = canvas.getBoundingClientRect();
    var sx = r.width / (canvas.width || 1), sy = r.height / (canvas.height || 1);
    return { x: r.left + f.x * sx, y: r.top + f.y * sy, w: f.w * sx, h: f.h * sy };
  }
  function fieldAt(clientX, clientY) {
    for (var i = 0; i < st.fields.length; i++) {
      var c = cssRect(st.fields[i]);
      if (clientX >= c.x && clientX <= c.x + c.w && clientY >= c.y && clientY <= c.y + c.h) return st.fields[i];
    }
    return null;
  }
  function fieldNamed(label) {
    for (var i = 0; i < st.fields.length; i++) if (st.fields[i].label === label) return st.fields[i];
    return null;
  }

  function place(f) {
    var c = cssRect(f);
    el.style.left = c.x + 'px';
    el.style.top = c.y + 'px';
    el.style.width = Math.max(1, c.w) + 'px';
    el.style.height = Math.max(1, c.h) + 'px';
    el.style.display = 'block';
  }
  function configure(f) {
    // Until the client confirms this field, taps and clicks go to the canvas
    // (the browser sends a tap's mouse events to whatever is under it then).
    el.style.pointerEvents = 'none';
    if (el.type !== f.type) el.type = f.type;
    el.setAttribute('inputmode', f.inputmode);
    el.setAttribute('autocomplete', f.autocomplete);
    el.setAttribute('autocapitalize', f.autocapitalize);
    el.setAttribute('enterkeyhint', f.enterkeyhint);
    el.setAttribute('aria-label', f.label);
    // The canvas field's font size and inner padding, in CSS pixels.
    var k = canvas.getBoundingClientRect().width / (canvas.width || 1);
    if (f.font) el.style.fontSize = Math.max(16, f.font * k) + 'px';
    if (f.pad !== undefined) el.style.paddingLeft = el.style.paddingRight = (f.pad * k) + 'px';
    el.spellcheck = f.type === 'text' && f.autocomplete === 'off';
    place(f);
    st.target = f.label;
  }
  function setState(value, start, end) {
    if (el.value !== value) el.value = value;
    try {
      if (el.selectionStart !== start || el.selectionEnd !== end) el.setSelectionRange(start, end);
    } catch (e) { /* inputs without selection support */ }
    st.known = { value: value, start: start, end: end };
  }
  function blurQuietly() {
    if (document.activeElement !== el) return;
    st.selfBlur = true;
    el.blur();
    st.selfBlur = false;
  }
  function focus(gesture) {
    el.focus({ preventScroll: true });
    st.gesture = gesture;
  }

  // The proxy's state changed (typing, paste, composition, caret moves): send it.
  function sync() {
    if (!st.target || document.activeElement !== el) return;
    var v = el.value;
    var s = el.selectionStart === null ? v.length : el.selectionStart;
    var e = el.selectionEnd === null ? v.length : el.selectionEnd;
    if (v === st.known.value && s === st.known.start && e === st.known.end) return;
    st.known = { value: v, start: s, end: e };
    st.seq++;
    // One frame shows an edit (and tells the page the field's new state).
    queue('edit', { label: st.target, value: v, start: s, end: e, seq: st.seq }, 1);
  }
  // Text typed or pasted may need fonts the page has not fetched yet.
  el.addEventListener('input', function () { if (window.foxoText) window.foxoText.need(el.value); sync(); });
  el.addEventListener('select', sync);
  document.addEventListener('selectionchange', sync);
  el.addEventListener('compositionstart', function () { st.composing = true; });
  el.addEventListener('compositionend', function () { st.composing = false; sync(); });
  el.addEventListener('blur', function () {
    if (st.selfBlur) return;
    // The user left the field (keyboard dismissed, focus moved out): end the edit.
    st.intent = '';
    st.gesture = false;
    queue('blur', true);
  });

  // Keys aimed at the proxy: the browser edits (its default action); GLFW must not see them.
  ['keydown', 'keypress', 'keyup'].forEach(function (type) {
    window.addEventListener(type, function (e) {
      if (e.target !== el) return;
      e.stopImmediatePropagation();
      if (type === 'keyup') { sync(); return; }
      if (type !== 'keydown') return;
      // Android keyboards report keyCode 229 while composing; Enter then belongs to the IME.
      if (e.key === 'Enter' && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        sync();
        queue('submit', st.target);
      } else if (e.key === 'Tab') {
        e.preventDefault();
        sync();
        var keys = st.out.keys || [];
        keys.push({ key: 'Tab', shift: e.shiftKey });
        queue('keys', keys);
      } else if (e.key === 'Escape') {
        el.blur();
      }
    }, true);
  });

  // A click on the canvas must not take focus from the proxy (the canvas
  // itself stays focusable with Tab for keyboard users).
  canvas.addEventListener('mousedown', function (e) { e.preventDefault(); });

  // The tap itself: focus the proxy now, inside the gesture, if it lands on a field.
  window.addEventListener('pointerup', function (e) {
    if (e.target !== canvas || (e.pointerType !== 'mouse' && drag.moved)) return;
    var f = fieldAt(e.clientX, e.clientY);
    if (!f) return;
    var touch = e.pointerType !== 'mouse';
    if (st.target !== f.label || document.activeElement !== el || (touch && !st.gesture)) {
      var reopen = st.target !== f.label || (touch && !st.gesture);
      configure(f);
      setState(f.value, f.value.length, f.value.length);
      // A different field may need a different keyboard, and a proxy focused
      // without a gesture has no keyboard up: focus it again, now.
      if (reopen) blurQuietly();
      focus(touch || st.gesture);
    }
    st.intent = f.label;
    st.intentMouseUp = false;
  }, true);
  canvas.addEventListener('mouseup', function () { if (st.intent) st.intentMouseUp = true; });
  // A real mouse: hover effects are right again.
  window.addEventListener('pointerdown', function (e) { if (e.pointerType === 'mouse') queue('touch', 'mouse'); }, true);

  // ---- Touch: drag to scroll, with momentum --------------------------------
  var drag = { id: null, x: 0, y: 0, lastY: 0, moved: false, samples: [] };
  var momentum = 0;
  var SLOP = 8;  // CSS px a finger may wander and still tap
  function toCanvas(clientX, clientY) {
    var r = canvas.getBoundingClientRect();
    var k = canvas.width / (r.width || 1);
    return { x: (clientX - r.left) * k, y: (clientY - r.top) * k, k: k };
  }
  function scrollBy(clientX, clientY, dyCss) {
    var p = toCanvas(clientX, clientY);
    var s = st.out.scroll;
    if (s) { s.x = p.x; s.y = p.y; s.dy += dyCss * p.k; }
    else s = { x: p.x, y: p.y, dy: dyCss * p.k };
    queue('scroll', s, 1);
  }
  function stopMomentum() {
    if (momentum) cancelAnimationFrame(momentum);
    momentum = 0;
  }
  function startMomentum(x, y, v) {  // v: CSS px per ms
    // prefers-reduced-motion: the page stops where the finger left it.
    var look = window.foxoLook && window.foxoLook.look();
    if (look && look.reducedMotion) return;
    var last = performance.now();
    var step = function (now) {
      var dt = Math.min(40, Math.max(0, now - last));
      last = now;
      scrollBy(x, y, v * dt);
      v *= Math.pow(0.997, dt);  // friction: about half the speed every 230 ms
      momentum = Math.abs(v) > 0.02 ? requestAnimationFrame(step) : 0;
    };
    momentum = requestAnimationFrame(step);
  }
  ['touchstart', 'touchmove', 'touchend', 'touchcancel'].forEach(function (type) {
    window.addEventListener(type, function (e) {
      if (e.target !== canvas) return;
      e.stopPropagation();
      var t = e.changedTouches[0];
      if (type === 'touchstart') {
        stopMomentum();
        queue('touch', 'down');
        if (e.touches.length !== 1) { drag.id = null; return; }
        drag = { id: t.identifier, x: t.clientX, y: t.clientY, lastY: t.clientY, moved: false,
                 samples: [{ t: e.timeStamp, y: t.clientY }] };
        wake();
        return;
      }
      if (type !== 'touchmove' && e.touches.length === 0) queue('touch', 'up');
      if (drag.id === null || !t || t.identifier !== drag.id) return;
      if (type === 'touchmove') {
        if (!drag.moved && Math.abs(t.clientY - drag.y) < SLOP && Math.abs(t.clientX - drag.x) < SLOP) return;
        drag.moved = true;
        scrollBy(t.clientX, t.clientY, t.clientY - drag.lastY);
        drag.lastY = t.clientY;
        drag.samples.push({ t: e.timeStamp, y: t.clientY });
        while (drag.samples.length > 2 && e.timeStamp - drag.samples[0].t > 100) drag.samples.shift();
        return;
      }
      if (type === 'touchend' && drag.moved && drag.samples.length > 1) {
        // Speed over the last ~100 ms of the drag carries on, slowing down.
        var a = drag.samples[0], b = drag.samples[drag.samples.length - 1];
        var v = b.t > a.t ? (b.y - a.y) / (b.t - a.t) : 0;
        if (Math.abs(v) > 0.1) startMomentum(t.clientX, t.clientY, v);
      }
      // A drag is not a tap: the browser sends no click for it. (drag.moved
      // stays set until the next touch, so its pointerup focuses nothing.)
      drag.id = null;
      wake();
    }, true);
  });

  // ---- Interface for the client ------------------------------------------------
  window.foxoInput = Object.freeze({
    // What happened since the last frame, as JSON, or '' when nothing did.
    take: function () {
      if (!st.pending) return '';
      var s = JSON.stringify(st.out);
      st.out = {};
      st.pending = false;
      return s;
    },
    // After a frame: the inputs drawn and the active one.
    publish: function (s) {
      st.fields = s.fields || [];
      st.applied = s.applied || 0;
      var active = s.active || '';
      if (st.intent) {
        if (active === st.intent) st.intent = '';
        else if (st.intentMouseUp) st.intent = '';  // the client saw the tap and did not take it
        else return;                                // the tap has not reached the client yet
      }
      if (!active) {
        blurQuietly();
        el.style.display = 'none';
        st.target = '';
        st.gesture = false;
        return;
      }
      var f = fieldNamed(active);
      if (!f) return;
      if (st.target !== active || document.activeElement !== el) {
        // The client moved focus by itself (Tab, a screen focusing its first field).
        var had = document.activeElement === el && st.gesture;
        configure(f);
        setState(s.value, s.start, s.end);
        focus(had);
        return;
      }
      place(f);
      // The field is the client's active one: taps and clicks inside it now
      // place the caret and select natively (and open the paste menu).
      el.style.pointerEvents = 'auto';
      // Our newer edit is on its way, or an IME is composing: leave the proxy alone.
      if (st.composing || st.applied < st.seq) return;
      setState(s.value, s.start, s.end);
    }
  });
})();
