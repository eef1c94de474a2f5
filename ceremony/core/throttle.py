"""A count of failures per client address in the default cache, for pages that a script could try
addresses on (a guest's personal RSVP link)."""

from django.core.cache import cache


class FailureCounter:
    """At most `limit` failures per address within `window_seconds` of the first one."""

    def __init__(self, name, *, limit, window_seconds):
        self.name = name
        self.limit = limit
        self.window_seconds = window_seconds

    def _key(self, address):
        return f"throttle:{self.name}:{address or '-'}"

    def exceeded(self, address):
        return cache.get(self._key(address), 0) >= self.limit

    def failed(self, address):
        key = self._key(address)
        # add() starts the window only with the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=self.window_seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.add(key, 1, timeout=self.window_seconds)
