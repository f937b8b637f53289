// Configures the Emscripten module before foxo_client.js loads, and turns a
// failed start (no WebGL, blocked download) into a message instead of a
// spinner that never ends.
'use strict';
(function () {
  function fail(text) {
    var el = document.getElementById('loading');
    if (!el) return;
    el.classList.add('failed');
    el.querySelector('p').textContent = text;
  }
  var canvas = document.getElementById('canvas');
  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();
    fail('The display stopped working. Reload the page to continue.');
  }, false);
  window.Module = {
    canvas: canvas,
    // The wasm file sits next to the page's scripts whatever the route (/t/x, /r/y).
    locateFile: function (path) { return '/' + path; },
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    onAbort: function () { fail('Secure chat could not start in this browser. Try reloading the page.'); }
  };
  window.addEventListener('error', function (e) {
    if (e.target && e.target.tagName === 'SCRIPT') fail('Secure chat could not be loaded. Check your connection and reload.');
  }, true);
})();
