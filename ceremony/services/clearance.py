"""Security clearance of facility visitors, decided by security officers."""

from ceremony.core.bulk import records_set
from ceremony.enums import ClearanceStatus
from ceremony.rules import blocking


def visitors_set_clearance(*, visitors, status, user=None):
    """Set the clearance of many visitors at once; returns how many changed.

    Denying someone who takes part in the visit's program item is refused, as on the visitor's own
    page; then nothing changes.
    """
    rules = (blocking.no_denied_participant,) if status == ClearanceStatus.DENIED else ()
    return records_set(visitors, field="clearance_status", value=status, user=user, rules=rules)
