// The list filters shown as a dropdown (templates/admin/ceremony/dropdown_filter.html): choosing an
// option opens the list it filters to; typing in the box above keeps only the options that contain the
// text (in any case), and Enter opens the first of them. A static file: the content security policy
// refuses inline scripts. The template is included once per filter, so each filter is set up once.
"use strict";
document.querySelectorAll(".dropdown-filter:not([data-ready])").forEach(function (filter) {
    filter.dataset.ready = "true";
    const search = filter.querySelector(".dropdown-filter-search");
    const select = filter.querySelector(".dropdown-filter-choices");
    const none = filter.querySelector(".dropdown-filter-none");
    const options = Array.from(select.options);

    function open(option) {
        if (option) {
            window.location.href = option.value;
        }
    }

    function shown() {
        return options.filter(function (option) {
            return !option.hidden;
        });
    }

    select.addEventListener("change", function () {
        open(select.selectedOptions[0]);
    });
    search.addEventListener("input", function () {
        const typed = search.value.trim().toLocaleLowerCase();
        options.forEach(function (option, index) {
            // The first option is "All": always there, to undo the filter.
            option.hidden = index > 0 && typed !== "" && !option.text.toLocaleLowerCase().includes(typed);
        });
        // While narrowing, the matches show as an open list rather than behind a closed dropdown.
        select.size = typed === "" ? 0 : Math.min(Math.max(shown().length, 2), 8);
        none.hidden = typed === "" || shown().length > 1;
    });
    search.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
            event.preventDefault();
            // The first match; with none, nothing (not "All", which would quietly undo the filter).
            open(shown().find(function (option, index) {
                return index > 0;
            }));
        }
    });
});
