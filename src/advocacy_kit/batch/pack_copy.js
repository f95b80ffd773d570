// The campaign pack's copy buttons (templates/pack/index.html.j2), added by
// advocacy-kit after the page is cleaned: a button.copy copies the text of the element
// its data-copy names, through the clipboard or, failing that, the #copied field.
(function () {
  "use strict";
  var words = WORDS_FROM_THE_KIT;
  var field = document.getElementById("copied");
  var status = document.getElementById("copy-status");
  function fallback(text) {
    field.focus();
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  function done(button, ok) {
    status.value = ok ? words.copied_status : words.copy_failed;
    button.textContent = ok ? words.copied : words.copy_see_box;
    button.setAttribute("data-copied", ok ? "clipboard" : "field");
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.copy");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var text = source.textContent;
    field.value = text;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { done(button, true); },
        function () { done(button, fallback(text)); }
      );
    } else {
      done(button, fallback(text));
    }
  });
}());
