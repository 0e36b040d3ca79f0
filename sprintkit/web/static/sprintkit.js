// sprintkit phone page: optional helpers. Everything works without this file
// (plain forms); with it, dots move without a reload and the page follows the
// facilitator by polling a tiny state answer.
(function () {
  "use strict";
  var body = document.body;
  var base = body.getAttribute("data-base");
  if (!base || !window.fetch) return;
  var version = body.getAttribute("data-v") || "";
  var toast = document.getElementById("toast");
  var toastTimer = null;
  var failures = 0;
  var toldMoved = false;

  function say(text, bad) {
    if (!toast || !text) return;
    toast.textContent = text;
    toast.className = bad ? "toast bad" : "toast";
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.hidden = true; }, bad ? 5000 : 2500);
  }

  function applyDots(answer, complete) {
    var budget = document.getElementById("budget");
    if (!budget) return;
    var max = answer.max;
    var left = answer.left;
    document.querySelectorAll("form.stepper").forEach(function (form) {
      var id = form.getAttribute("data-item");
      var count = form.querySelector(".count");
      var n = parseInt(count.textContent, 10) || 0;
      if (Object.prototype.hasOwnProperty.call(answer.dots, id)) n = answer.dots[id];
      else if (complete) n = 0;
      count.textContent = String(n);
      count.classList.toggle("some", n > 0);
      form.querySelector(".minus").disabled = n === 0;
      form.querySelector(".plus").disabled = n >= max || left === 0;
    });
    var pips = budget.querySelectorAll(".pip");
    pips.forEach(function (pip, i) { pip.classList.toggle("on", i < left); });
    var label = budget.querySelector(".left");
    if (label) {
      label.textContent = label.getAttribute("data-fmt")
        .replace("{left}", String(left)).replace("{budget}", String(answer.budget));
    }
    var note = document.getElementById("spent-note");
    if (note) note.hidden = left !== 0;
    var clear = document.querySelector("form.clear button");
    if (clear) clear.disabled = answer.spent === 0;
  }

  // Older browsers lack event.submitter: remember which button was pressed.
  var pressed = null;
  document.addEventListener("click", function (event) {
    var target = event.target;
    pressed = target && target.closest ? target.closest("button[name]") : null;
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-ajax")) return;
    event.preventDefault();
    var data = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { data.append(key, value); });
    var button = event.submitter || (pressed && pressed.form === form ? pressed : null);
    if (button && button.name) data.append(button.name, button.value);
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (answer) { return [response, answer]; });
    }).then(function (pair) {
      var answer = pair[1];
      if (!pair[0].ok || !answer.ok) {
        say(answer.error || "", true);
        if (button) button.disabled = false;
        var status = pair[0].status;
        if (status !== 429 && status !== 503) refresh();
        return;
      }
      applyDots(answer, form.classList.contains("clear"));
    }).catch(function () {
      if (button) button.disabled = false;
      say(body.getAttribute("data-offline"), true);
    });
  });

  // The page as served tells people without this script to reload; with it,
  // the page does follow the workshop.
  function liveWords() {
    document.querySelectorAll("[data-live]").forEach(function (node) {
      node.textContent = node.getAttribute("data-live");
    });
  }

  // After the workshop moved on, show where it went: the new step's heading
  // may be far above (or below) where the phone was scrolled to.
  function showStep() {
    var heading = document.querySelector("#main h1");
    var card = heading && heading.closest ? heading.closest(".card") : heading;
    if (card && card.scrollIntoView) card.scrollIntoView({ block: "start" });
  }

  function refresh(moved) {
    return fetch(base, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("main");
        var main = document.getElementById("main");
        if (!fresh || !main) return;
        var typing = document.getElementById("text");
        var draft = typing ? typing.value : "";
        var hadFocus = typing && document.activeElement === typing;
        main.innerHTML = fresh.innerHTML;
        var header = doc.querySelector("header.top");
        var oldHeader = document.querySelector("header.top");
        if (header && oldHeader) oldHeader.innerHTML = header.innerHTML;
        var area = document.getElementById("text");
        if (area && draft && !area.value) area.value = draft;
        if (area && hadFocus) area.focus();
        version = doc.body.getAttribute("data-v") || "";
        body.setAttribute("data-v", version);
        liveWords();
        if (moved) showStep();
      });
  }

  function poll() {
    if (document.hidden) { setTimeout(poll, 5000); return; }
    fetch(base + "/state", {
      credentials: "same-origin", cache: "no-store",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 304) return null;
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (answer) {
      if (failures > 2) toast.hidden = true;
      failures = 0;
      if (answer && answer.v && version && answer.v !== version) {
        // Someone typing a note keeps their page (the note still goes to the
        // step it was written for); the page catches up once they send it.
        var draft = document.getElementById("text");
        if (draft && draft.value.trim()) {
          if (!toldMoved) say(body.getAttribute("data-moved"), false);
          toldMoved = true;
          return;
        }
        version = answer.v;
        toldMoved = false;
        return refresh(true).then(function () { say(body.getAttribute("data-moved"), false); });
      }
    }).catch(function () {
      failures += 1;
      if (failures > 2) say(body.getAttribute("data-offline"), true);
    }).then(function () {
      setTimeout(poll, failures ? Math.min(2000 * (failures + 1), 10000) : 2000);
    });
  }

  var find = document.getElementById("find");
  if (find) {
    find.hidden = false;
    find.addEventListener("input", function () {
      var wanted = find.value.trim().toLowerCase();
      document.querySelectorAll("button.name").forEach(function (button) {
        button.hidden = wanted !== "" && button.textContent.toLowerCase().indexOf(wanted) < 0;
      });
    });
  }

  liveWords();
  if (version) setTimeout(poll, 2000);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && version) {
      fetch(base + "/state", { credentials: "same-origin", cache: "no-store" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (a) { if (a && a.v !== version) { version = a.v; refresh(true); } })
        .catch(function () {});
    }
  });
})();
