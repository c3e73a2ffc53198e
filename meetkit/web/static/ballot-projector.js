/* The projector during a secret ballot or the appraisal: 已投票 N / M, counts of ballots only. */
(function () {
  "use strict";
  var el = document.getElementById("ballot-count");
  if (!el) { return; }
  var url = el.getAttribute("data-url");
  var ballotWords = el.getAttribute("data-ballot");
  var appraisalWords = el.getAttribute("data-appraisal");

  function tick() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url, true);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      if (xhr.status !== 200) { return; }
      try {
        var d = JSON.parse(xhr.responseText);
        if (d.ballot) {
          el.textContent = ballotWords.replace("{n}", d.ballot.cast).replace("{m}", d.ballot.voters);
          el.hidden = false;
        } else if (d.appraisal && d.appraisal.state === "open") {
          el.textContent = appraisalWords.replace("{n}", d.appraisal.ballots).replace("{m}", d.appraisal.voters);
          el.hidden = false;
        } else {
          el.hidden = true;
        }
      } catch (e) { /* keep the last count */ }
    };
    xhr.send();
  }

  tick();
  setInterval(tick, 3000);
}());
