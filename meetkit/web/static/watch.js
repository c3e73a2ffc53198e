/* A signed-in phone's page: every 3 s ask whether a ballot or the appraisal is open, and go to
   it when one is. Plain ES5 and XMLHttpRequest, like projector.js. */
(function () {
  "use strict";
  var el = document.getElementById("watch");
  if (!el) { return; }
  var state = el.getAttribute("data-state");
  var go = el.getAttribute("data-go");

  function tick() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", state, true);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      if (xhr.status !== 200) { return; }
      try {
        var d = JSON.parse(xhr.responseText);
        if (d.ballot || d.appraisal) { window.location.href = go; }
      } catch (e) { /* try again */ }
    };
    xhr.send();
  }

  tick();
  setInterval(tick, 3000);
}());
