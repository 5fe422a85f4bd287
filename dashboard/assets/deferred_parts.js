// Parts of a page drawn when they come near the screen (dashboard/ui/deferred.py). Each is an empty box whose
// data-near attribute names a dcc.Store beside it; setting that Store's data runs the page's callback that draws
// the part. A box is asked for once it comes within a screen of view (so scrolling finds it drawn), and every
// box at once when the page is printed. Boxes arrive with every view the router draws and are found as the
// renderer adds them; React may reuse a box's element for the next view, so what was watched and asked for is
// kept as the Store's id (data-watched, data-asked), not as a flag.
(function () {
    var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
            if (entry.isIntersecting) {
                ask(entry.target);
            }
        });
    }, {rootMargin: "100% 0px"}) : null;

    function pending() {
        return Array.prototype.filter.call(document.querySelectorAll(".deferred-part:empty[data-near]"), function (box) {
            return box.getAttribute("data-asked") !== box.getAttribute("data-near");
        });
    }

    function ask(box) {
        var near = box.getAttribute("data-near");
        var clientside = window.dash_clientside;
        if (!near || box.firstChild || box.getAttribute("data-asked") === near || !clientside || !clientside.set_props) {
            return;
        }
        box.setAttribute("data-asked", near);
        if (observer) {
            observer.unobserve(box);
        }
        clientside.set_props(JSON.parse(near), {data: true});
    }

    function watch() {
        pending().forEach(function (box) {
            var near = box.getAttribute("data-near");
            if (!observer) {
                ask(box);
            } else if (box.getAttribute("data-watched") !== near) {
                box.setAttribute("data-watched", near);
                observer.unobserve(box); // observed anew: the observer reports where the box is now
                observer.observe(box);
            }
        });
    }

    new MutationObserver(watch).observe(document.documentElement, {
        childList: true, subtree: true, attributes: true, attributeFilter: ["data-near"],
    });
    window.addEventListener("beforeprint", function () {
        pending().forEach(ask);
    });
})();
