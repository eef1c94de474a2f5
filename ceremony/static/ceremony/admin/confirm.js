// Ask before submitting a form marked data-confirm="question". A static file rather than an inline
// onsubmit handler, which the content security policy refuses.
"use strict";
document.addEventListener("submit", function (event) {
    const question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) {
        event.preventDefault();
    }
});
