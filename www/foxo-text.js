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
    ours: new Set(),       // the FontFace objects this script made (not fonts.css's)
    drawnAt: new Map(),    // code point -> when a face of ours for it arrived
    settled: new Set(),    // code points whose face has arrived
    missing: new Set(),    // code points drawn without a real glyph
    subsetCps: new Map(),  // subset face name -> Set of code points already fetched
    canvas: null,
    ctx: null,
    readback: false        // lines are read back as pixels (WebGL 1, the 2D-canvas renderer)
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
      st.ctx = st.canvas.getContext('2d', { willReadFrequently: st.readback });
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
    return !!st.manifest && inRanges(st.manifest.default_ignorable || [], cp);
  }

  // The static faces, as fonts.css declares them (their unicode-range is
  // exactly what each can draw): known without fonts.json.
  var cssFaces = null;
  function staticFaceFor(cp) {
    if (!cssFaces) {
      cssFaces = [];
      if (document.fonts) document.fonts.forEach(function (f) {
        if (f.family.replace(/"/g, '') !== FAMILY || st.ours.has(f)) return;
        var ranges = [];
        var re = /U\+([0-9a-f]+)(?:-([0-9a-f]+))?/gi, m;
        while ((m = re.exec(f.unicodeRange))) ranges.push([parseInt(m[1], 16), parseInt(m[2] || m[1], 16)]);
        ranges.sort(function (a, b) { return a[0] - b[0]; });
        cssFaces.push({ face: f, ranges: ranges });
      });
    }
    // The last rule defined is checked first (CSS Fonts 4, 4.5), as the browser does.
    for (var i = cssFaces.length - 1; i >= 0; i--) if (inRanges(cssFaces[i].ranges, cp)) return cssFaces[i].face;
    return null;
  }
  function subsetFaceFor(cp) {
    var faces = st.manifest.faces;
    for (var i = 0; i < faces.length; i++)
      if (faces[i].kind === 'subset' && inRanges(faces[i].coverage, cp)) return faces[i];
    return null;
  }

  // `cps` can be drawn with a face of ours since `at`: any that waited longer
  // than the grace period was shown as a placeholder meanwhile, unless the
  // browser's own fonts drew it.
  function settle(cps, at) {
    cps.forEach(function (cp) {
      if (st.settled.has(cp)) return;
      st.settled.add(cp);
      st.drawnAt.set(cp, at);
      if (needsNoGlyph(cp)) return;
      if (at - (st.seen.get(cp) || at) > GRACE_MS && !fallbackDraws(cp)) st.missing.add(cp);
    });
    st.generation++;
    wake();
  }
  function fail(cps) {
    cps.forEach(function (cp) {
      st.settled.add(cp);
      if (!needsNoGlyph(cp) && !fallbackDraws(cp)) st.missing.add(cp);
    });
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

  // ---- Static faces: the browser fetches them (unicode-range) ---------------------
  function loadStatic(cps) {
    var now = performance.now();
    var pending = [];
    cps.forEach(function (cp) {
      if (staticFaceFor(cp).status === 'loaded') settle([cp], now);
      else pending.push(cp);
    });
    if (!pending.length) return;
    document.fonts.load(fontSpec(0), String.fromCodePoint.apply(null, pending)).then(function () {
      var t = performance.now();
      var ok = pending.filter(function (cp) { return staticFaceFor(cp).status === 'loaded'; });
      settle(ok, t);
      fail(pending.filter(function (cp) { return ok.indexOf(cp) < 0; }));
    }, function () { fail(pending); });
  }

  // ---- Chinese, Japanese, Korean and emoji: cut by the relay per request ------------
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
      w.forEach(function (job) { routeSubset(job.cps, job.text); });
    }, function (e) {
      console.warn('Foxo: the font list could not be loaded: ' + e);
      st.manifestState = 'failed';
      st.waiting.forEach(function (job) { fail(job.cps); });
      st.waiting = [];
    });
  }

  // Firefox (Gecko) drops colour bitmap tables (CBDT/CBLC) from web fonts:
  // its font sanitiser keeps them only with the non-default pref
  // gfx.downloadable_fonts.keep_color_bitmaps, so the relay's emoji face (cut
  // from Noto Color Emoji, which is CBDT) is rejected as having no glyphs
  // and the console shows "downloadable font: rejected by sanitizer". Firefox
  // ships its own colour emoji font (Twemoji Mozilla), which the fallback
  // draws, so the emoji face is not fetched there. "Gecko/<digits>" is in
  // Gecko's user agent only (WebKit and Blink say "like Gecko").
  var GECKO = /\bGecko\/\d/.test(navigator.userAgent);
  function usable(face) { return !(GECKO && face.name === 'emoji'); }

  function routeSubset(cps, text) {
    var byFace = new Map();
    cps.forEach(function (cp) {
      if (needsNoGlyph(cp)) { st.settled.add(cp); return; }
      var face = subsetFaceFor(cp);
      if (!face || !usable(face)) { fail([cp]); return; }
      if (!byFace.has(face)) byFace.set(face, []);
      byFace.get(face).push(cp);
    });
    byFace.forEach(function (list, face) { loadSubset(face, list, codePoints(text)); });
  }

  // A face cut by the relay for exactly these code points (and the sequence
  // parts in `all` it also has: zero width joiner, variation selectors, skin
  // tones), so a ligature's parts all come from one face.
  function loadSubset(face, cps, all) {
    var have = st.subsetCps.get(face.name) || new Set();
    st.subsetCps.set(face.name, have);
    var want = new Set(cps);
    all.forEach(function (cp) { if (cp > 0xFF && inRanges(face.coverage, cp)) want.add(cp); });
    var list = Array.from(want).sort(function (a, b) { return a - b; });
    if (list.every(function (cp) { return have.has(cp); })) return;
    list.forEach(function (cp) { have.add(cp); });
    for (var i = 0; i < list.length; i += 512) {
      (function (batch) {
        var url = face.url + '?u=' + batch.map(function (cp) { return cp.toString(16); }).join(',');
        var range = batch.map(function (cp) { return 'U+' + cp.toString(16); }).join(',');
        var ff = new FontFace(FAMILY, 'url(' + url + ') format("' + (face.format || 'opentype') + '")',
                              { unicodeRange: range });
        st.ours.add(ff);
        ff.load().then(function (loaded) {
          document.fonts.add(loaded);
          settle(batch, performance.now());
        }, function (e) {
          console.warn('Foxo: a font for ' + face.name + ' could not be loaded: ' + e);
          batch.forEach(function (cp) { have.delete(cp); });
          fail(batch);
        });
      })(list.slice(i, i + 512));
    }
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

  // The client met this text: make sure its faces are on their way.
  function need(s) {
    var beyond = false;
    for (var i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > 0xFF) { beyond = true; break; }
    }
    if (!beyond) return;  // the Latin face, preloaded, draws it
    var now = performance.now();
    var forStatic = [], forSubset = [];
    codePoints(s).forEach(function (cp) {
      if (cp <= 0xFF || st.seen.has(cp)) return;
      st.seen.set(cp, now);
      if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) { st.settled.add(cp); return; }
      if (staticFaceFor(cp)) forStatic.push(cp);
      else forSubset.push(cp);
    });
    if (forStatic.length) loadStatic(forStatic);
    // Parts of a sequence already seen (a skin tone typed after its emoji)
    // come again with the new ones, so the relay's cut holds the ligature.
    if (!forSubset.length) {
      if (st.manifestState !== 'ready') return;
      var again = codePoints(s).filter(function (cp) { return cp > 0xFF && !staticFaceFor(cp); });
      if (again.length) routeSubset(again, s);
      return;
    }
    if (st.manifestState === 'ready') routeSubset(forSubset, s);
    else if (st.manifestState === 'failed') fail(forSubset);
    else { st.waiting.push({ cps: forSubset, text: s }); loadManifest(); }
  }

  // Nothing reported after the grace period: shown as a placeholder unless
  // the browser's own fonts drew it.
  function overdue() {
    var now = performance.now();
    st.seen.forEach(function (at, cp) {
      if (st.settled.has(cp) || st.missing.has(cp) || now - at <= GRACE_MS) return;
      if (!fallbackDraws(cp)) st.missing.add(cp);
    });
  }

  // ---- Unicode data for the client's line breaking (wasm-client/platform/unicode.cpp) ----
  // Grapheme clusters from Intl.Segmenter; categories and scripts from the
  // engine's Unicode property escapes. JavaScript has no Bidi_Class or
  // East_Asian_Width: right-to-left letters are those of right-to-left
  // scripts; wide characters those of the CJK scripts, Hangul, emoji
  // presented as emoji and the fullwidth forms.
  var U = null;
  function unicodeTables() {
    if (U) return U;
    U = {
      cats: [[/\p{Zs}/u, 1], [/\p{Pe}/u, 2], [/\p{Pf}/u, 3], [/\p{Ps}/u, 4], [/\p{Pi}/u, 5], [/\p{L}/u, 6],
             [/\p{Nd}/u, 7]],
      wide: /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\p{sc=Bopomofo}\p{sc=Yi}\p{Emoji_Presentation}\u2E80-\u303E\u3041-\u33FF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]/u,
      rtl: /[\p{sc=Hebrew}\p{sc=Arabic}\p{sc=Syriac}\p{sc=Thaana}\p{sc=Nko}\p{sc=Samaritan}\p{sc=Mandaic}\p{sc=Adlam}\p{sc=Mende_Kikakui}]/u,
      letter: /\p{L}/u,
      space: /\p{Zs}/u,
      glue: /^[\p{M}\u200D\uFE0F\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]/u,
      segmenter: typeof Intl === 'object' && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null
    };
    return U;
  }
  function utf8Length(str) {
    var b = 0;
    for (var i = 0; i < str.length; i++) {
      var c = str.codePointAt(i);
      if (c > 0xFFFF) i++;
      b += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    return b;
  }
  // Extended grapheme cluster boundaries of `text` as UTF-8 byte offsets, 0 and the end included.
  function graphemes(text) {
    var t = unicodeTables();
    var out = [0], at = 0;
    if (t.segmenter) {
      for (var it = t.segmenter.segment(text)[Symbol.iterator](), r = it.next(); !r.done; r = it.next()) {
        at += utf8Length(r.value.segment);
        out.push(at);
      }
      return out;
    }
    // Without Intl.Segmenter (older engines): code points, with marks and
    // joined sequences kept with what they follow.
    var prevZwj = false;
    for (var i = 0; i < text.length;) {
      var ch = String.fromCodePoint(text.codePointAt(i));
      var joined = out.length > 1 && (t.glue.test(ch) || prevZwj);
      at += utf8Length(ch);
      if (joined) out[out.length - 1] = at; else out.push(at);
      prevZwj = ch === '\u200D';
      i += ch.length;
    }
    return out;
  }
  // Category (bits 0-3), wide (bit 4), bidi class (bits 5-7), numbered as in shared/include/foxo/text_layout.hpp.
  function charInfo(cp) {
    var t = unicodeTables();
    var ch = String.fromCodePoint(cp);
    var cat = 0;
    for (var k = 0; k < t.cats.length; k++) if (t.cats[k][0].test(ch)) { cat = t.cats[k][1]; break; }
    var wide = t.wide.test(ch) && !t.space.test(ch) ? 1 : 0;
    var bidi = 0;
    if (cp >= 0x2066 && cp <= 0x2068) bidi = 3;
    else if (cp === 0x2069) bidi = 4;
    else if (t.letter.test(ch)) bidi = t.rtl.test(ch) ? 2 : 1;
    return cat | (wide << 4) | (bidi << 5);
  }

  // The Latin face is preloaded; once it is usable, widths measured before are
  // stale. (FontFaceSet.load fetches every face whose range meets the sample:
  // "\u2026" is only in the Latin face, plain letters would fetch latin-ext too.)
  if (document.fonts && document.fonts.load) {
    document.fonts.load('17px ' + FAMILY, '\u2026').then(function () { st.generation++; wake(); }, function () {});
  }

  window.foxoText = Object.freeze({
    setSizes: function (body, title) { st.sizes = [body, title]; },
    // The renderer reads drawn lines back with getImageData: a canvas made
    // for that (a context's options are fixed when it is first asked for).
    setReadback: function (on) {
      if (st.readback === on) return;
      st.readback = on;
      st.canvas = null;
      st.ctx = null;
    },
    generation: function () { return st.generation; },
    need: need,
    graphemes: graphemes,
    charInfo: charInfo,
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
    // The top-left w x h of the scratch canvas as straight-alpha RGBA bytes.
    pixels: function (w, h) { return scratch(w, h).getImageData(0, 0, w, h); },
    // For bench/client/scripts.mjs: when each code point beyond Latin-1 was
    // first met and when a face of ours could draw it (ms, page clock).
    fontTimes: function () {
      var out = {};
      st.seen.forEach(function (at, cp) { out[cp] = { seen: at, drawn: st.drawnAt.get(cp) }; });
      return out;
    },
    missingGlyphs: function () {
      overdue();
      return Array.from(st.missing).sort(function (a, b) { return a - b; });
    }
  });
})();
