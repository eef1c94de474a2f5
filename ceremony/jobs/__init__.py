"""Long work in the background: jobs, run by `manage.py db_worker` through Django's tasks API.

- `services`: start a job, cancel it, rescue the jobs of a worker that died, expire old results.
- `tasks`: the tasks the backend carries (settings.TASKS): one runs any job, one cleans up.
- `runner`: what a worker does with a job: claims it once, runs its kind, records the outcome.
- `kinds`: which function does each kind of job, by dotted path.

A job function takes the Job and a `Progress`; it reports progress (which also tells it when the job
was cancelled), and ends with `progress.finish(...)` giving its result: a file or a page.
"""
