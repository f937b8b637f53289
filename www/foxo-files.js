// Files for the canvas UI (the C++ side: wasm-client/net/files.cpp): the
// file picker and the phone camera, drag and drop, uploads with progress,
// attachment thumbnails decoded by the browser, and downloads.
//
// Nothing here changes the client's state. Every result (a file picked or
// dropped, upload progress, an upload's answer, a decoded thumbnail, the drag
// entering or leaving the page) is queued and the page asks for a frame; the
// client takes the queue at the start of that frame (window.foxoFiles.take).
// The File objects stay here, under a number the client uses to upload,
// retry (same client_id) or cancel them.
'use strict';
(function () {
  var MAX_PHOTO_SIDE = 2048;  // camera photos are downscaled to this long side
  var PHOTO_QUALITY = 0.85;   // JPEG quality of a downscaled photo

  var files = new Map();   // number -> { blob, name }
  var uploads = new Map(); // number -> XMLHttpRequest in flight
  var pixels = new Map();  // thumbnail handle -> ImageData, until the client takes it
  var queue = [];
  var nextNumber = 1;
  var accepting = false;   // the open chat takes files (set by the client)
  var dragDepth = 0;
  var dragShown = false;

  function wake() {
    if (window.Module && Module.foxoRequestFrame) Module.foxoRequestFrame();
  }
  function push(ev) {
    queue.push(ev);
    wake();
  }

  // ---- Camera photos: downscaled and re-encoded as JPEG -------------------
  function jpegName(name) {
    var base = (name || 'photo').replace(/\.[^.\/\\]*$/, '');
    return (base || 'photo') + '.jpg';
  }
  function encodeJpeg(bitmap, w, h) {
    var draw = function (ctx) {
      ctx.fillStyle = '#ffffff';  // JPEG has no transparency
      ctx.fillRect(0, 0, w, h);
      ctx.drawImage(bitmap, 0, 0, w, h);
    };
    if (typeof OffscreenCanvas !== 'undefined') {
      var oc = new OffscreenCanvas(w, h);
      draw(oc.getContext('2d'));
      return oc.convertToBlob({ type: 'image/jpeg', quality: PHOTO_QUALITY });
    }
    return new Promise(function (resolve, reject) {
      var c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      draw(c.getContext('2d'));
      c.toBlob(function (b) { if (b) resolve(b); else reject(new Error('toBlob failed')); }, 'image/jpeg', PHOTO_QUALITY);
    });
  }
  // A photo the browser can decode and that is too big (or not JPEG) becomes
  // a JPEG of at most MAX_PHOTO_SIDE px; anything else goes as it is.
  function preparePhoto(file) {
    if (!/^image\//.test(file.type || '') && !/\.(jpe?g|png|heic|heif|webp)$/i.test(file.name)) {
      return Promise.resolve({ blob: file, name: file.name });
    }
    return createImageBitmap(file, { imageOrientation: 'from-image' }).then(function (bmp) {
      var long = Math.max(bmp.width, bmp.height);
      if (long <= MAX_PHOTO_SIDE && file.type === 'image/jpeg') {
        bmp.close();
        return { blob: file, name: file.name };
      }
      var scale = Math.min(1, MAX_PHOTO_SIDE / long);
      var w = Math.max(1, Math.round(bmp.width * scale)), h = Math.max(1, Math.round(bmp.height * scale));
      return encodeJpeg(bmp, w, h).then(function (blob) {
        bmp.close();
        return { blob: blob, name: jpegName(file.name) };
      });
    }).catch(function () {
      // Not decodable here (HEIC in most browsers): the relay takes it as it is.
      return { blob: file, name: file.name };
    });
  }

  function add(list, source) {
    var picked = Array.prototype.slice.call(list || []);
    picked.forEach(function (file) {
      var number = nextNumber++;
      var ready = source === 'camera' ? preparePhoto(file) : Promise.resolve({ blob: file, name: file.name });
      ready.then(function (f) {
        files.set(number, f);
        push({ kind: 'file', id: number, name: f.name, size: f.blob.size, source: source });
      });
    });
  }

  // ---- Picker and camera ------------------------------------------------
  var inputs = {};
  function input(camera) {
    var key = camera ? 'camera' : 'picker';
    if (inputs[key]) return inputs[key];
    var el = document.createElement('input');
    el.type = 'file';
    el.className = 'foxo-file-input';
    el.setAttribute('aria-hidden', 'true');
    el.tabIndex = -1;
    if (camera) {
      el.accept = 'image/*';
      el.setAttribute('capture', 'environment');
    } else {
      el.multiple = true;
    }
    el.addEventListener('change', function () {
      add(el.files, key);
      el.value = '';  // the same file picked again is a new pick
    });
    document.body.appendChild(el);
    inputs[key] = el;
    return el;
  }

  // ---- Drag and drop over the page ----------------------------------------
  function carriesFiles(e) {
    var types = e.dataTransfer && e.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, 'Files') >= 0;
  }
  function showDrag(on) {
    if (dragShown === on) return;
    dragShown = on;
    push({ kind: 'drag', over: on });
  }
  window.addEventListener('dragenter', function (e) {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    dragDepth++;
    if (accepting) showDrag(true);
  });
  window.addEventListener('dragover', function (e) {
    if (!carriesFiles(e)) return;
    e.preventDefault();  // without it the drop would open the file in the tab
    e.dataTransfer.dropEffect = accepting ? 'copy' : 'none';
    if (accepting) showDrag(true);
  });
  window.addEventListener('dragleave', function (e) {
    if (!carriesFiles(e)) return;
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) showDrag(false);
  });
  window.addEventListener('drop', function (e) {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    dragDepth = 0;
    showDrag(false);
    if (accepting) add(e.dataTransfer.files, 'drop');
  });

  // ---- Thumbnails: fetched, decoded and scaled by the browser ------------------
  function scaledPixels(bitmap, maxW, maxH) {
    var scale = Math.min(1, maxW / bitmap.width, maxH / bitmap.height);
    var w = Math.max(1, Math.round(bitmap.width * scale)), h = Math.max(1, Math.round(bitmap.height * scale));
    var c = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(w, h) : document.createElement('canvas');
    c.width = w;
    c.height = h;
    var ctx = c.getContext('2d');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, w, h);
    return ctx.getImageData(0, 0, w, h);
  }

  window.foxoFiles = Object.freeze({
    // What happened since the last frame, oldest first ('' when nothing did).
    take: function () {
      if (!queue.length) return '';
      var s = JSON.stringify(queue);
      queue = [];
      return s;
    },
    // Opens the file picker (several files) or the camera. Called in the frame
    // right after the tap or click, while the browser still counts it as the
    // user's gesture.
    pick: function (camera) { input(!!camera).click(); },
    coarsePointer: function () {
      return !!(window.matchMedia && window.matchMedia('(pointer: coarse)').matches);
    },
    setAccepting: function (on) {
      accepting = !!on;
      if (!accepting) showDrag(false);
    },
    // POSTs file `number` as multipart: `client_id` first, then `file`. The
    // same client_id on a retry makes the relay answer with the first upload.
    upload: function (number, url, clientId) {
      var f = files.get(number);
      if (!f) { push({ kind: 'done', id: number, status: -1 }); return; }
      var form = new FormData();
      form.append('client_id', clientId);
      form.append('file', f.blob, f.name);
      var xhr = new XMLHttpRequest();
      uploads.set(number, xhr);
      xhr.open('POST', url);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = function (e) {
        if (!e.lengthComputable) return;
        // One progress entry per upload in the queue: the newest counts.
        var last = queue.length ? queue[queue.length - 1] : null;
        if (last && last.kind === 'progress' && last.id === number) { last.sent = e.loaded; last.total = e.total; wake(); }
        else push({ kind: 'progress', id: number, sent: e.loaded, total: e.total });
      };
      var finish = function (status, body, aborted) {
        if (uploads.get(number) !== xhr) return;
        uploads.delete(number);
        push({ kind: 'done', id: number, status: status, body: body || '', aborted: !!aborted });
      };
      xhr.onload = function () { finish(xhr.status, xhr.responseText, false); };
      xhr.onerror = function () { finish(0, '', false); };
      xhr.ontimeout = function () { finish(0, '', false); };
      xhr.onabort = function () { finish(0, '', true); };
      xhr.send(form);
    },
    cancel: function (number) {
      var xhr = uploads.get(number);
      if (xhr) xhr.abort();
    },
    forget: function (number) { files.delete(number); },
    // Fetches an image attachment and queues its pixels, scaled to fit maxW x maxH.
    thumbnail: function (handle, url, maxW, maxH) {
      fetch(url, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.blob();
      }).then(function (blob) {
        return createImageBitmap(blob);
      }).then(function (bitmap) {
        var data = scaledPixels(bitmap, maxW, maxH);
        bitmap.close();
        pixels.set(handle, data);
        push({ kind: 'thumb', handle: handle, w: data.width, h: data.height });
      }).catch(function () {
        push({ kind: 'thumb', handle: handle, w: 0, h: 0 });
      });
    },
    // The RGBA bytes of a decoded thumbnail, once (null if unknown).
    takePixels: function (handle) {
      var d = pixels.get(handle);
      pixels.delete(handle);
      return d ? d.data : null;
    },
    // Saves an attachment under its name: the relay answers with
    // Content-Disposition: attachment, so the page stays where it is.
    download: function (url, name) {
      var a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.rel = 'noopener';
      a.style.display = 'none';
      document.body.appendChild(a);
      a.click();
      a.remove();
    }
  });
})();
