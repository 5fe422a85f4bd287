// Embeds (/embed/...): tell the page that frames us how tall we are, so its <iframe> fits the chart (the snippet
// from dashboard/embedding.py listens). Does nothing when the page is not in a frame.
(function () {
  if (window.parent === window) return;
  var last = -1;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({type: "socialtal:height", height: height, href: location.href}, "*");
  }
  function start() {
    post();
    if (window.ResizeObserver) new ResizeObserver(post).observe(document.body);
    window.addEventListener("resize", post);
  }
  window.addEventListener("load", post);
  if (document.body) start(); else document.addEventListener("DOMContentLoaded", start);
})();
