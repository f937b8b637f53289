// What the reader asked of how pages look, for the canvas client to follow
// (wasm-client/platform/appearance.cpp): the root font size (the browser's
// text-size setting, Android's font scaling, iOS Dynamic Type through
// foxo.css), light or dark, more contrast, forced colours with the system
// colours themselves, reduced motion and a coarse pointer. Each change
// bumps `version` and asks the client for a frame, which then re-fits its
// fonts, sizes and palette: nothing is polled per frame.
'use strict';
(function () {
  var QUERIES = {
    dark: '(prefers-color-scheme: dark)',
    moreContrast: '(prefers-contrast: more)',
    forced: '(forced-colors: active)',
    reducedMotion: '(prefers-reduced-motion: reduce)',
    coarse: '(pointer: coarse)'
  };
  var SYSTEM = ['Canvas', 'CanvasText', 'ButtonFace', 'ButtonText', 'Highlight', 'HighlightText', 'GrayText'];
  var st = { version: 0, look: null, key: '' };

  // 1rem wide and out of sight: it resizes when the root font size changes
  // (a ResizeObserver sees that; no event says so), and resolves system
  // colour keywords to RGB (forced-color-adjust: none, or forced colours
  // would repaint its own colour).
  var probe = document.createElement('div');
  probe.setAttribute('aria-hidden', 'true');
  probe.style.cssText = 'position:absolute;left:0;top:0;width:1rem;height:0;overflow:hidden;' +
                        'visibility:hidden;pointer-events:none;forced-color-adjust:none';
  document.body.appendChild(probe);

  function rgb(keyword) {
    probe.style.color = keyword;
    var m = getComputedStyle(probe).color.match(/[\d.]+/g) || [0, 0, 0];
    return [m[0] / 255, m[1] / 255, m[2] / 255];
  }
  function read() {
    var root = parseFloat(getComputedStyle(document.documentElement).fontSize);
    var look = { root: root > 0 ? root : 16 };
    Object.keys(QUERIES).forEach(function (k) { look[k] = window.matchMedia(QUERIES[k]).matches; });
    if (look.forced) {
      look.system = {};
      SYSTEM.forEach(function (k) { look.system[k] = rgb(k); });
    }
    return look;
  }
  function update() {
    var look = read();
    var key = JSON.stringify(look);
    if (key === st.key) return;
    st.look = look;
    st.key = key;
    st.version++;
    if (window.Module && Module.foxoRequestFrame) Module.foxoRequestFrame(1);
  }

  Object.keys(QUERIES).forEach(function (k) {
    var mq = window.matchMedia(QUERIES[k]);
    if (mq.addEventListener) mq.addEventListener('change', update);
    else if (mq.addListener) mq.addListener(update);
  });
  if (window.ResizeObserver) new ResizeObserver(update).observe(probe);
  // Without ResizeObserver, a text-size change comes with a resize on most
  // phones; zoom always does.
  window.addEventListener('resize', update);
  update();

  window.foxoLook = Object.freeze({
    version: function () { return st.version; },
    look: function () { return st.look; }
  });
})();
