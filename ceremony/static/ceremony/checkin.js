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

  function send(code) {
    code = (code || "").trim();
    if (!code || busy) return;
    if (!entrance.value) { show("error", texts.choose_entrance); return; }
    busy = true;
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, ANSWER_WAIT_MS);
    fetch(root.dataset.scanUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ code: code, entrance: entrance.value, nonce: nonce() }),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) { show("error", answer.message); return; }
        show(answer.result, answer.message, answer.attendee);
      });
    }).catch(function () {
      show("error", texts.offline);
    }).then(function () {
      clearTimeout(timer);
      busy = false;
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
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    function tick() {
      if (video.readyState < 2 || busy || !result.hidden) { setTimeout(tick, 200); return; }
      if (detector) {
        detector.detect(video).then(function (codes) {
          if (codes.length) decoded(codes[0].rawValue);
        }).catch(function () {}).then(function () { setTimeout(tick, 150); });
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
