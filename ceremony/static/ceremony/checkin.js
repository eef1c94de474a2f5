// The ushers' check-in page (templates/checkin/page.html). Its texts come from the page, in the
// user's language; this file holds none.
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  var texts = JSON.parse(document.getElementById("checkin-texts").textContent);
  var form = document.getElementById("scan-form");
  var codeInput = document.getElementById("code");
  var entrance = document.getElementById("entrance");
  var result = document.getElementById("result");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  // Without an answer in this time the server counts as unreachable.
  var ANSWER_WAIT_MS = 3000;
  var busy = false;

  function nonce() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function show(kind, message, guest) {
    result.className = kind;
    document.getElementById("result-title").textContent = texts[kind] || kind;
    document.getElementById("result-message").textContent = message || "";
    var line = "";
    if (guest) {
      line = [guest.name, guest.category_label, guest.delegation || guest.organization].filter(Boolean).join(" · ");
    }
    document.getElementById("result-guest").textContent = line;
    result.hidden = false;
  }

  function hide() {
    result.hidden = true;
    codeInput.value = "";
    codeInput.focus();
  }
  result.addEventListener("click", hide);

  // The entrance's list, kept on the device, and the scans decided from it while offline, waiting
  // to be sent with their nonces (the server settles duplicates: the first admission wins).
  var QUEUE_KEY = "checkin-queue:" + root.dataset.scanUrl;
  var offline = false;
  function listKey() { return "checkin-list:" + root.dataset.listUrl + ":" + entrance.value; }
  function stored(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or private mode */ }
  }
  function queue() { return stored(QUEUE_KEY, []); }
  function banner() {
    var waiting = queue().length;
    var network = document.getElementById("network");
    var list = stored(listKey(), null);
    if (offline || waiting) {
      network.className = "offline";
      network.textContent = texts.offline_banner.replace("%(count)s", waiting);
    } else {
      network.className = "online";
      network.textContent = list ? texts.online_banner.replace("%(time)s", new Date(list.made_at).toLocaleTimeString()) : "";
    }
  }
  function loadList() {
    if (!entrance.value) return;
    var key = listKey();
    fetch(root.dataset.listUrl + "?entrance=" + encodeURIComponent(entrance.value), { credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (list) {
        var kept = stored(key, null);
        list.admitted_here = kept ? kept.admitted_here || [] : [];
        store(key, list);
        banner();
      })
      .catch(banner);
  }
  entrance.addEventListener("change", loadList);

  function decideLocally(payload) {
    var list = stored(listKey(), null);
    var code = payload.code.trim().toUpperCase();
    var guest = null;
    if (list) {
      for (var i = 0; i < list.guests.length; i++) {
        if (list.guests[i].code === code) { guest = list.guests[i]; break; }
      }
    }
    if (!guest && list && /^\d+-\d+-[0-9A-F]{12}$/.test(code)) {
      // A badge reissued since: its code has a listed guest's id first, then an earlier issue.
      var id = code.split("-")[0];
      for (var j = 0; j < list.guests.length; j++) {
        if (list.guests[j].code.split("-")[0] === id) {
          return { result: "refused", message: list.badge_revoked || list.not_on_list, attendee: list.guests[j] };
        }
      }
    }
    if (!guest) return { result: "refused", message: list ? list.not_on_list : texts.offline, attendee: null };
    if (guest.refused) return { result: "refused", message: guest.message, attendee: guest };
    if (guest.admitted || list.admitted_here.indexOf(guest.code) >= 0) {
      return { result: "already_admitted", message: guest.admitted ? guest.message : list.already_admitted, attendee: guest };
    }
    list.admitted_here.push(guest.code);
    store(listKey(), list);
    return { result: guest.note ? "attention" : "admitted", message: guest.message, attendee: guest };
  }

  function post(payload, wait) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, wait);
    return fetch(root.dataset.scanUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(payload),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      clearTimeout(timer);
      return response.json().then(function (answer) {
        return { ok: response.ok, status: response.status, answer: answer };
      });
    }, function (error) { clearTimeout(timer); throw error; });
  }

  var flushing = false;
  function flush() {
    var waiting = queue();
    if (flushing || !waiting.length) { banner(); return; }
    flushing = true;
    post(waiting[0], ANSWER_WAIT_MS).then(function (reply) {
      // Not taken (the login expired: 403; the server failing: 5xx): the scan stays queued, to be
      // sent again once the usher has logged in again or the server is back.
      if (reply.status === 403 || reply.status >= 500) {
        flushing = false;
        banner();
        return;
      }
      // Answered (even refused): the server has it; the next one.
      store(QUEUE_KEY, queue().filter(function (scan) { return scan.nonce !== waiting[0].nonce; }));
      offline = false;
      flushing = false;
      flush();
    }, function () {
      offline = true;
      flushing = false;
      banner();
    });
  }
  window.addEventListener("online", flush);
  setInterval(flush, 5000);

  function send(code) {
    code = (code || "").trim();
    if (!code || busy) return;
    if (!entrance.value) { show("error", texts.choose_entrance); return; }
    busy = true;
    var payload = { code: code, entrance: entrance.value, nonce: nonce() };
    post(payload, ANSWER_WAIT_MS).then(function (reply) {
      offline = false;
      if (!reply.ok) { show("error", reply.answer.message); return; }
      show(reply.answer.result, reply.answer.message, reply.answer.attendee);
      flush();
    }).catch(function () {
      offline = true;
      payload.scanned_at = new Date().toISOString();
      var waiting = queue();
      waiting.push(payload);
      store(QUEUE_KEY, waiting);
      var answer = decideLocally(payload);
      show(answer.result, answer.message, answer.attendee);
    }).then(function () {
      busy = false;
      banner();
    });
  }

  // A hardware scanner types the code and presses Enter: the form's submit.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(codeInput.value);
  });

  // Search by name or delegation, for a guest whose badge does not read.
  document.getElementById("search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var found = document.getElementById("found");
    var q = document.getElementById("search").value;
    fetch(root.dataset.searchUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        found.textContent = "";
        if (!answer.attendees || !answer.attendees.length) {
          var none = document.createElement("li");
          none.textContent = texts.nothing_found;
          found.appendChild(none);
          return;
        }
        answer.attendees.forEach(function (guest) {
          var item = document.createElement("li");
          var line = document.createElement("div");
          line.textContent = [guest.name, guest.category_label, guest.delegation || guest.organization].filter(Boolean).join(" · ");
          var admit = document.createElement("button");
          admit.type = "button";
          admit.textContent = texts.admit;
          admit.addEventListener("click", function () { send(guest.code); });
          item.appendChild(line);
          item.appendChild(admit);
          found.appendChild(item);
        });
      })
      .catch(function () { show("error", texts.offline); });
  });

  loadList();
  banner();

  // The camera: the browser's BarcodeDetector where it exists, else the vendored jsQR.
  var video = document.getElementById("camera");
  var lastCode = "";
  var lastAt = 0;
  function decoded(code) {
    var now = Date.now();
    // The same badge held before the camera is one scan, not one a frame.
    if (code === lastCode && now - lastAt < 4000) return;
    lastCode = code;
    lastAt = now;
    send(code);
  }
  function readFrames() {
    var detector = null;
    if ("BarcodeDetector" in window) {
      try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (e) { detector = null; }
    }
    if (detector && window.BarcodeDetector.getSupportedFormats) {
      // Some browsers have the detector but cannot read QR codes with it: jsQR then does.
      window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") < 0) detector = null;
      }).catch(function () { detector = null; });
    }
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    function tick() {
      if (video.readyState < 2 || busy || !result.hidden) { setTimeout(tick, 200); return; }
      if (detector) {
        detector.detect(video).then(function (codes) {
          if (codes.length) decoded(codes[0].rawValue);
        }).catch(function () { detector = null; }).then(function () { setTimeout(tick, 150); });
        return;
      }
      if (window.jsQR) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        if (code && code.data) decoded(code.data);
      }
      setTimeout(tick, 150);
    }
    tick();
  }
  document.getElementById("camera-start").addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        return video.play();
      })
      .then(readFrames)
      .catch(function () { show("error", texts.error); });
  });
})();
