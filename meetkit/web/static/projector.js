/* The projector page: poll the live counts every 3 s; swap the QR picture when a new code
   (every 30 s) is current. Plain ES5 and XMLHttpRequest: no framework. */
(function () {
  "use strict";
  var stage = document.getElementById("stage");
  var qr = document.getElementById("qr");
  var quorum = document.getElementById("quorum");
  var url = stage.getAttribute("data-live");
  var lastSlot = null;

  function put(id, value) {
    var el = document.getElementById(id);
    if (el) { el.textContent = String(value); }
  }

  function show(d) {
    put("attended", d.attended);
    put("expected", d.expected);
    put("late", d.late);
    put("leave-count", d.leave);
    put("absent-count", d.absent);
    put("guest-count", d.guests);
    var q = d.quorum || {};
    if (q.met === null || q.met === undefined) {
      quorum.className = "quorum none";
      quorum.textContent = "";
    } else if (q.met) {
      quorum.className = "quorum met";
      quorum.textContent = quorum.getAttribute("data-met");
    } else {
      quorum.className = "quorum not";
      quorum.textContent = quorum.getAttribute("data-not").replace("{n}", q.required);
    }
    document.getElementById("closed").hidden = !d.closed;
    if (d.slot !== lastSlot) {
      if (lastSlot !== null) { qr.src = d.qr; }
      lastSlot = d.slot;
    }
  }

  function tick() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url, true);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      if (xhr.status === 200) {
        try { show(JSON.parse(xhr.responseText)); } catch (e) { /* keep the last counts */ }
      }
    };
    xhr.send();
  }

  tick();
  setInterval(tick, 3000);
}());
