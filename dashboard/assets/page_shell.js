// The page shell for keyboards and screen readers (dashboard/ui/components.py `shell`, dashboard/web/page_head.py).
// - <html lang>: the first HTML has the page's language from the server, but the single-page app draws the next
//   page without a reload (the language switch, a link with ?lang=en), so after each draw the language of the page
//   drawn (the lang of its root element) is copied to <html>, and a screen reader reads it with the right voice.
//   The title follows by Dash's own router (the pages' title callable).
// - The skip link ("Gå til indhold") moves the focus to <main>. Done here rather than by the browser's jump to
//   #main, so that "#main" never enters the address: the address is the view, and people mail it on.
(function () {
  "use strict";

  function drawnPage() {
    var content = document.getElementById("_pages_content");
    return content ? content.querySelector("[lang]") : null;
  }

  function copyLanguage() {
    var page = drawnPage();
    var lang = page ? page.getAttribute("lang") : null;
    if (lang && document.documentElement.getAttribute("lang") !== lang) {
      document.documentElement.setAttribute("lang", lang);
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.skip-link") : null;
    var main = link ? document.getElementById((link.getAttribute("href") || "").replace(/^#/, "")) : null;
    if (!main) return;
    event.preventDefault();
    main.focus({preventScroll: true});
    main.scrollIntoView({block: "start"});
  });

  function watch() {
    copyLanguage();
    new MutationObserver(copyLanguage).observe(document.body, {childList: true, subtree: true});
  }
  if (document.body) watch();
  else document.addEventListener("DOMContentLoaded", watch);
})();
