"""Where the ceremony's rules live.

- `blocking`: each rule that refuses a save, one function per rule. A model's clean() runs the rules
  of its model in one line (`enforce`); the admin's formsets run the rules that span the rows of one
  submission, which each row's own check cannot see. Awards keep theirs in `awards.rules`.
- `warnings`: what the Conflicts page and the run-of-show report, which never refuses a save.
- `placements`: whom a program item places somewhere, the one answer both of the above use.

Rules that one row can check (an item ends after it starts, one attendance per person and event)
are database constraints on the models themselves.
"""
