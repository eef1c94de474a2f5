"""Video addresses on their way from request to playout."""

from ceremony.core.bulk import records_set


def video_addresses_set_status(*, videos, status, user=None):
    """Move many video addresses to `status` at once (received, checked, approved, played)."""
    return records_set(videos, field="status", value=status, user=user)
