// The show's screens: every few seconds, the state (now / next / delay per venue) from the page's
// data-show-state address, drawn again with textContent only (titles are organizers' text). The
// stage manager's page uses it for its clock; a screen redraws its venues too.
(function () {
  "use strict";
  var root = document.querySelector("[data-show-state]");
  if (!root) return;
  var words = root.dataset;
  var venuesBox = root.querySelector("[data-venues]");
  var clock = root.querySelector("[data-clock]");
  var offline = root.querySelector("[data-offline]");

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function delay(minutes) {
    if (minutes > 0) return element("p", "delay late", "+" + minutes + " " + words.wordLate);
    if (minutes < 0) return element("p", "delay early", minutes + " " + words.wordEarly);
    return element("p", "delay on-time", words.wordOnTime);
  }

  function venue(state) {
    var section = element("section", "venue");
    section.appendChild(element("h2", "", state.venue));
    section.appendChild(delay(state.delay_minutes));
    section.appendChild(element("h3", "", words.wordNow));
    if (state.now) {
      var now = element("p", "now", state.now.title + " ");
      now.appendChild(element("span", "times", state.now.start_clock + " – " + state.now.end_clock));
      section.appendChild(now);
    } else {
      section.appendChild(element("p", "now idle", words.wordNothing));
    }
    section.appendChild(element("h3", "", words.wordNext));
    var list = element("ol", "next");
    state.next.forEach(function (next) {
      var item = element("li", "", next.expected_clock + " " + next.title);
      if (next.expected_clock !== next.planned_clock) {
        item.appendChild(element("span", "planned", " (" + words.wordPlanned + " " + next.planned_clock + ")"));
      }
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  }

  function draw(state) {
    if (clock) clock.textContent = state.clock;
    if (!venuesBox) return;
    var fresh = document.createDocumentFragment();
    state.venues.forEach(function (state) { fresh.appendChild(venue(state)); });
    venuesBox.replaceChildren(fresh);
  }

  function poll() {
    fetch(root.dataset.showState, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        draw(state);
        if (offline) offline.hidden = true;
      })
      .catch(function () {
        if (offline) offline.hidden = false;
      })
      .finally(function () { window.setTimeout(poll, Number(root.dataset.pollMs) || 3000); });
  }

  window.setTimeout(poll, Number(root.dataset.pollMs) || 3000);
})();
