/* The admin's meeting page: refresh the attendance table every 5 s, unless the admin is
   using something inside it. Plain ES5: no framework. */
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
}());
