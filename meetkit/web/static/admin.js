/* The admin's meeting page: refresh the attendance table every 5 s, unless the admin is
   using something inside it, and the open ballot's 已投票 N/M every 3 s (the console's
   meeting page, #ballot-live). Plain ES5: no framework. */
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) { return; }
  var url = live.getAttribute("data-src");

  function busy() {
    var el = document.activeElement;
    return el && el !== document.body && live.contains(el);
  }

  function tick() {
    if (document.hidden || busy()) { return; }
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url, true);
    xhr.onload = function () {
      if (xhr.status !== 200 || busy()) { return; }
      var open = live.querySelectorAll("details[open]").length > 0;
      live.innerHTML = xhr.responseText;
      if (open) {
        var d = live.querySelector("details");
        if (d) { d.open = true; }
      }
    };
    xhr.send();
  }

  setInterval(tick, 5000);

  var ballot = document.getElementById("ballot-live");
  if (ballot && ballot.querySelector("#voted")) {
    setInterval(function () {
      if (document.hidden) { return; }
      var req = new XMLHttpRequest();
      req.open("GET", ballot.getAttribute("data-src"), true);
      req.onload = function () { if (req.status === 200) { ballot.innerHTML = req.responseText; } };
      req.send();
    }, 3000);
  }
}());
