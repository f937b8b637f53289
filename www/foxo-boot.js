// Configures the Emscripten module before foxo_client.js loads, and turns a
// start that cannot work (no WebAssembly, blocked download) into a message
// instead of a spinner that never ends. WebGL is not required: the client
// picks WebGL 2, WebGL 1 or a 2D canvas itself (platform/render.cpp). No
// inline script or handler anywhere: the page's Content-Security-Policy
// forbids them.
'use strict';
(function () {
  var LOAD_FAILED = 'Secure chat could not be loaded. Check your connection and reload.';
  var START_FAILED = 'Secure chat could not start in this browser. Try reloading the page.';
  var failed = false;
  // The first reason is the one to show: later ones (an abort after a failed
  // download) are its consequences.
  function fail(text) {
    if (failed) return;
    var el = document.getElementById('loading');
    if (!el) {
      // The first frame removed the loading state (a display lost later):
      // bring it back, over the canvas.
      el = document.createElement('div');
      el.id = 'loading';
      el.setAttribute('role', 'alert');
      el.appendChild(document.createElement('p'));
      document.body.appendChild(el);
    }
    failed = true;
    el.classList.add('failed');
    el.querySelector('p').textContent = text;
  }

  var canvas = document.getElementById('canvas');
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); }, false);
  // A lost WebGL context is not given back to Emscripten's GL layer, and
  // the 2D-canvas renderer cannot take over a canvas that had a WebGL
  // context: reloading starts again with whatever renderer works then.
  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();
    fail('The display stopped working. Reload the page to continue.');
  }, false);

  // The client marks its first frame with the class foxo-ready; a
  // performance mark at that moment measures time to first frame
  // (bench/client) without the client knowing about it.
  if (window.MutationObserver && window.performance && performance.mark) {
    new MutationObserver(function (records, observer) {
      if (!document.documentElement.classList.contains('foxo-ready')) return;
      observer.disconnect();
      performance.mark('foxo-first-frame');
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  }

  // Without WebAssembly nothing can draw; any browser with it can (WebGL or not).
  var canRun = typeof WebAssembly === 'object';
  if (!canRun) fail('This browser cannot run Foxo secure chat: it needs a newer browser. ' +
                    'Update the browser, then reload.');

  // The page names the wasm (a content-hashed file after the build) in its
  // preload link; anything else sits next to the page's scripts whatever the
  // route (/t/x, /r/y).
  function locateFile(path) {
    var wasm = document.getElementById('foxo-wasm');
    if (wasm && /\.wasm$/.test(path)) return wasm.href;
    return '/' + path;
  }

  window.Module = {
    canvas: canvas,
    // Without what it needs the client would only fail further in.
    noInitialRun: !canRun,
    locateFile: locateFile,
    // Emscripten's own loader leaves a failed download as an unhandled
    // rejection (the spinner would turn forever): fetch and instantiate here,
    // same request as the preload, and say what went wrong.
    instantiateWasm: function (imports, receiveInstance) {
      var loaded = fetch(locateFile('foxo_client.wasm'), { credentials: 'same-origin' }).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response;
      });
      loaded.then(function (response) {
        if (typeof WebAssembly.instantiateStreaming === 'function') return WebAssembly.instantiateStreaming(response, imports);
        return response.arrayBuffer().then(function (bytes) { return WebAssembly.instantiate(bytes, imports); });
      }, function (e) {
        console.warn('Foxo: downloading the client failed: ' + e);
        fail(LOAD_FAILED);
      }).then(function (result) {
        if (result) receiveInstance(result.instance, result.module);
      }, function (e) {
        console.warn('Foxo: starting the client failed: ' + e);
        fail(START_FAILED);
      });
      return {};  // instantiated asynchronously
    },
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    onAbort: function (what) {
      // Emscripten aborts with these words when the wasm download failed.
      if (/fetch|failed to load wasm/i.test(String(what))) fail(LOAD_FAILED);
      else fail(START_FAILED);
    }
  };
  window.addEventListener('error', function (e) {
    if (e.target && e.target.tagName === 'SCRIPT') fail(LOAD_FAILED);
  }, true);
})();
