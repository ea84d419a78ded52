from __future__ import annotations

from nashra.web.ratelimit import RateLimiter


def test_sliding_window_per_key():
    now = [0.0]
    limiter = RateLimiter(2, 60, clock=lambda: now[0])
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [True, True, False]
    assert limiter.allow("b")  # another key has its own budget
    now[0] = 59.0
    assert not limiter.allow("a")
    now[0] = 60.5  # the first two events left the window; the refused one never counted
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")
