// A job's page follows the job: every second it asks the page's address with ?format=json and shows
// the state, the counts and the message; when the job has finished it loads the page again, with its
// result. A static file, as the content security policy allows scripts from the site only.
"use strict";
(function () {
    const job = document.getElementById("job");
    if (!job || ["done", "failed", "cancelled"].includes(job.dataset.state)) {
        return;
    }
    function follow() {
        fetch(job.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (status) {
                if (!status) {
                    window.setTimeout(follow, 5000);
                    return;
                }
                document.getElementById("job-state").textContent = status.state_label;
                document.getElementById("job-message").textContent = status.message;
                const bar = document.getElementById("job-progress");
                bar.max = status.total || 1;
                bar.value = status.done;
                document.getElementById("job-counts").textContent = status.total ? status.done + " / " + status.total : "";
                if (["done", "failed", "cancelled"].includes(status.state)) {
                    window.location.reload();
                } else {
                    window.setTimeout(follow, 1000);
                }
            })
            .catch(function () { window.setTimeout(follow, 5000); });
    }
    window.setTimeout(follow, 1000);
})();
