// Text for the canvas client, drawn by the browser's own text engine
// (the C++ side: wasm-client/platform/text.cpp and wasm-client/ui/text.cpp).
//
// The client lays out paragraphs itself (shared/text_layout: line breaks,
// paragraph direction) and asks this script to measure pieces of text and to
// draw each line into a 2D canvas, which it then copies into its glyph-run
// texture. The browser shapes every script (Arabic joining, Devanagari
// conjuncts, Thai marks), orders mixed right-to-left and left-to-right text
// within a line, and draws colour emoji, exactly as it would in HTML.
//
// Fonts: one CSS family, "Foxo", made of faces that each cover some scripts
// (fonts.css, built by scripts/fonts/make_fonts.py). The Latin face is
// preloaded; the other static faces (Greek, Cyrillic, Vietnamese and other
// Latin, Hebrew, Arabic, Devanagari, Thai) are fetched by the browser when a
// character of theirs is first drawn; Chinese, Japanese, Korean and emoji are
// too large to fetch whole, so the relay cuts a font holding just the
// characters the text needs (GET /fonts/NAME-HASH.EXT?u=...), registered here
// as a FontFace of the same family. When a face arrives, `generation` goes up
// and the client measures and draws its text again.
//
// missingGlyphs() (dev test hook, docs/API.md) lists every code point drawn
// without a face that has it, or whose face took more than 1 s to arrive.
'use strict';
(function () {
  var FAMILY = 'Foxo';
  var FALLBACK = ', system-ui, sans-serif';
  var GRACE_MS = 1000;

  var st = {
    sizes: [17, 24],       // device px per font role (body, title)
    generation: 0,         // bumps when a face arrives: cached widths and pixels are stale
    manifest: null,        // fonts.json, once loaded
    manifestState: '',     // '', 'loading', 'ready', 'failed'
    waiting: [],           // strings met before the manifest arrived
    seen: new Map(),       // code point -> time first met (ms)
    readyAtSeen: new Set(),  // code points a loaded page font could draw when first met
    drawableAt: new Map(),   // code point -> when the page's static faces for it were loaded
    settled: new Set(),    // code points whose face has arrived
    missing: new Set(),    // code points drawn without a real glyph
    staticLoads: new Map(),  // face name -> 'loading' | 'ready' | 'failed'
    subsetCps: new Map(),  // subset face name -> Set of code points already fetched
    canvas: null,
    ctx: null
  };

  function wake() {
    if (window.Module && Module.foxoRequestFrame) Module.foxoRequestFrame(3);
  }
  function fontSpec(role) { return st.sizes[role] + 'px ' + FAMILY + FALLBACK; }

  function scratch(w, h) {
    if (!st.canvas) {
      st.canvas = document.createElement('canvas');
      st.ctx = null;
    }
    if (st.canvas.width < w || st.canvas.height < h || !st.ctx) {
      st.canvas.width = Math.max(w, st.canvas.width);
      st.canvas.height = Math.max(h, st.canvas.height);
      st.ctx = st.canvas.getContext('2d', { willReadFrequently: false });
    }
    return st.ctx;
  }

  // ---- Coverage ---------------------------------------------------------------
  function inRanges(ranges, cp) {
    var lo = 0, hi = ranges.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1, r = ranges[mid];
      if (cp < r[0]) hi = mid - 1;
      else if (cp > r[1]) lo = mid + 1;
      else return true;
    }
    return false;
  }
  function needsNoGlyph(cp) {
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return true;  // controls, line feeds
    return st.manifest && inRanges(st.manifest.default_ignorable || [], cp);
  }
  function faceFor(cp) {
    var faces = st.manifest.faces;
    for (var i = 0; i < faces.length; i++) if (inRanges(faces[i].coverage, cp)) return faces[i];
    return null;
  }

  // `face` arrived for `cps`: a code point it took longer than the grace
  // period to draw was shown as a placeholder meanwhile (a static face that
  // was already loaded when the text appeared drew it at once).
  function settle(cps, face) {
    var now = performance.now();
    cps.forEach(function (cp) {
      if (st.settled.has(cp)) return;
      st.settled.add(cp);
      if (needsNoGlyph(cp)) return;
      var atOnce = face.kind === 'static' && st.readyAtSeen.has(cp);
      var at = face.kind === 'static' && st.drawableAt.has(cp) ? st.drawableAt.get(cp) : now;
      if (!atOnce && at - (st.seen.get(cp) || at) > GRACE_MS && !fallbackDraws(cp)) st.missing.add(cp);
    });
    st.generation++;
    wake();
  }
  function fail(cps) {
    cps.forEach(function (cp) { if (!needsNoGlyph(cp) && !fallbackDraws(cp)) st.missing.add(cp); });
  }

  // Whether the browser's own fonts draw `cp` while ours is not there: its
  // pixels differ from those of a code point no font has (the placeholder
  // box, or nothing), the check emoji support tests use.
  var fallbackCache = new Map();
  function fallbackDraws(cp) {
    if (fallbackCache.has(cp)) return fallbackCache.get(cp);
    var c = document.createElement('canvas');
    c.width = c.height = 40;
    var ctx = c.getContext('2d', { willReadFrequently: true });
    var pixels = function (ch) {
      ctx.clearRect(0, 0, 40, 40);
      ctx.font = '28px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.fillStyle = '#000';
      ctx.fillText(ch, 4, 20);
      return ctx.getImageData(0, 0, 40, 40).data;
    };
    var none = pixels(String.fromCodePoint(0x10FFFD));  // private use, plane 16: in no font
    var mine = pixels(String.fromCodePoint(cp));
    var blank = true, same = true;
    for (var i = 3; i < mine.length; i += 4) {
      if (mine[i] !== 0) blank = false;
      if (mine[i] !== none[i]) same = false;
    }
    var ok = !blank && !same;
    fallbackCache.set(cp, ok);
    return ok;
  }

  function loadManifest() {
    if (st.manifestState) return;
    st.manifestState = 'loading';
    var meta = document.querySelector('meta[name="foxo-fonts"]');
    var url = meta ? meta.getAttribute('content') : '/fonts.json';
    fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (m) {
      st.manifest = m;
      st.manifestState = 'ready';
      var w = st.waiting;
      st.waiting = [];
      w.forEach(route);
    }, function (e) {
      console.warn('Foxo: the font list could not be loaded: ' + e);
      st.manifestState = 'failed';
      st.waiting.forEach(function (s) { fail(codePoints(s).filter(function (cp) { return cp > 0xFF; })); });
      st.waiting = [];
    });
  }

  function codePoints(s) {
    var out = [];
    for (var i = 0; i < s.length;) {
      var cp = s.codePointAt(i);
      out.push(cp);
      i += cp > 0xFFFF ? 2 : 1;
    }
    return out;
  }

  // Sends each code point of `s` that has not arrived yet to the face that has it.
  function route(s) {
    var byFace = new Map();
    var all = codePoints(s);
    all.forEach(function (cp) {
      if (cp <= 0xFF || st.settled.has(cp) || needsNoGlyph(cp)) return;
      var face = faceFor(cp);
      if (!face) { if (!fallbackDraws(cp)) st.missing.add(cp); return; }
      if (!byFace.has(face)) byFace.set(face, []);
      byFace.get(face).push(cp);
    });
    byFace.forEach(function (cps, face) {
      if (face.kind === 'subset') loadSubset(face, cps, all);
      else loadStatic(face, cps);
    });
  }

  function loadStatic(face, cps) {
    var state = st.staticLoads.get(face.name);
    if (state === 'ready') { settle(cps, face); return; }
    if (state === 'failed') { fail(cps); return; }
    var pending = face.pending || (face.pending = []);
    cps.forEach(function (cp) { pending.push(cp); });
    if (state === 'loading') return;
    st.staticLoads.set(face.name, 'loading');
    // The browser fetches the face whose unicode-range holds the sample.
    document.fonts.load(fontSpec(0), String.fromCodePoint(cps[0])).then(function (faces) {
      var ok = faces && faces.length > 0;
      st.staticLoads.set(face.name, ok ? 'ready' : 'failed');
      var p = face.pending;
      face.pending = [];
      if (ok) settle(p, face); else fail(p);
    }, function () {
      st.staticLoads.set(face.name, 'failed');
      fail(face.pending);
      face.pending = [];
    });
  }

  // A face cut by the relay for exactly these code points (and the sequence
  // parts in `all` it also has: zero width joiner, variation selectors, skin
  // tones), so a ligature's parts all come from one face.
  function loadSubset(face, cps, all) {
    var have = st.subsetCps.get(face.name) || new Set();
    st.subsetCps.set(face.name, have);
    var want = new Set();
    cps.forEach(function (cp) { want.add(cp); });
    all.forEach(function (cp) { if (cp > 0xFF && inRanges(face.coverage, cp)) want.add(cp); });
    var list = Array.from(want).sort(function (a, b) { return a - b; });
    if (list.every(function (cp) { return have.has(cp); })) return;
    list.forEach(function (cp) { have.add(cp); });
    var batches = [];
    for (var i = 0; i < list.length; i += 512) batches.push(list.slice(i, i + 512));
    batches.forEach(function (batch) {
      var url = face.url + '?u=' + batch.map(function (cp) { return cp.toString(16); }).join(',');
      var range = batch.map(function (cp) { return 'U+' + cp.toString(16); }).join(',');
      var ff = new FontFace(FAMILY, 'url(' + url + ') format("' + (face.format || 'opentype') + '")', { unicodeRange: range });
      ff.load().then(function (loaded) {
        document.fonts.add(loaded);
        settle(batch, face);
      }, function (e) {
        console.warn('Foxo: a font for ' + face.name + ' could not be loaded: ' + e);
        batch.forEach(function (cp) { have.delete(cp); });
        fail(batch);
      });
    });
  }

  // The client met this text: make sure its faces are on their way.
  function need(s) {
    var now = performance.now();
    var beyond = false;
    for (var i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0xFF) { beyond = true; break; }
    }
    if (!beyond) return;
    var fresh = [];
    codePoints(s).forEach(function (cp) {
      if (cp > 0xFF && !st.seen.has(cp)) {
        st.seen.set(cp, now);
        fresh.push(cp);
        // True when every page font face that could draw it is loaded (or none
        // could: coverage, known once fonts.json is here, tells those apart).
        var ch = String.fromCodePoint(cp);
        if (document.fonts && document.fonts.check(fontSpec(0), ch)) st.readyAtSeen.add(cp);
      }
    });
    // The static faces (CSS unicode-range) start arriving at once, while
    // fonts.json (needed for Chinese, Japanese, Korean and emoji) may still load.
    if (fresh.length && document.fonts && document.fonts.load) {
      document.fonts.load(fontSpec(0), s).then(function () {
        var t = performance.now();
        fresh.forEach(function (cp) { if (!st.drawableAt.has(cp)) st.drawableAt.set(cp, t); });
        st.generation++;
        wake();
      }, function () {});
    }
    if (st.manifestState === 'ready') route(s);
    else if (st.manifestState === 'failed') fail(codePoints(s).filter(function (cp) { return cp > 0xFF; }));
    else { st.waiting.push(s); loadManifest(); }
  }

  // The Latin face is preloaded; once it is usable, widths measured before are stale.
  if (document.fonts && document.fonts.load) {
    document.fonts.load('17px ' + FAMILY, 'Foxo').then(function () { st.generation++; wake(); }, function () {});
  }

  window.foxoText = Object.freeze({
    setSizes: function (body, title) { st.sizes = [body, title]; },
    generation: function () { return st.generation; },
    need: need,
    measure: function (role, s) {
      var ctx = scratch(1, 1);
      ctx.font = fontSpec(role);
      return ctx.measureText(s).width;
    },
    // Draws one line into the scratch canvas, whose top-left w x h it returns.
    draw: function (role, css, rtl, s, w, h, x, baseline) {
      need(s);
      var ctx = scratch(w, h);
      ctx.clearRect(0, 0, w, h);
      ctx.font = fontSpec(role);
      ctx.direction = rtl ? 'rtl' : 'ltr';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'alphabetic';
      ctx.fillStyle = css;
      ctx.fillText(s, x, baseline);
      return st.canvas;
    },
    missingGlyphs: function () {
      // Still without a face after the grace period: shown as a placeholder
      // unless the browser's own fonts drew it.
      var now = performance.now();
      st.seen.forEach(function (at, cp) {
        if (st.settled.has(cp) || st.missing.has(cp) || needsNoGlyph(cp) || now - at <= GRACE_MS) return;
        var face = st.manifest && faceFor(cp);
        if (st.readyAtSeen.has(cp) && (face ? face.kind === 'static' : st.manifestState !== 'failed')) return;
        if (!fallbackDraws(cp)) st.missing.add(cp);
      });
      return Array.from(st.missing).sort(function (a, b) { return a - b; });
    }
  });
})();
