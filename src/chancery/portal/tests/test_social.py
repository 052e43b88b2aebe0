"""The Facebook and X adapters speak the networks' published contracts, over real HTTP to the
local fakes: a post answers its id, failures are told apart (try again later or not), and an
X post always fits in 280 characters with its link."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator

import pytest

from chancery.portal.fakes.facebook import FakeFacebook
from chancery.portal.fakes.x import FakeX, x_length
from chancery.portal.social import PermanentFailure, TemporaryFailure
from chancery.portal.social.facebook import FacebookPage
from chancery.portal.social.x import XAccount, compose, post_weight, weight

LINK = "https://mofa.test/en/news/a-very-long-address-that-x-counts-as-twenty-three-characters/"
SINCE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def facebook() -> Iterator[FakeFacebook]:
    with FakeFacebook(page_id="1001", token="page-token") as fake:
        yield fake


@pytest.fixture
def x() -> Iterator[FakeX]:
    with FakeX(token="user-token") as fake:
        yield fake


def _page(fake: FakeFacebook, token: str = "page-token") -> FacebookPage:  # noqa: S107
    return FacebookPage(fake.graph_url, fake.page_id, token)


def _account(fake: FakeX, token: str = "user-token") -> XAccount:  # noqa: S107
    return XAccount(fake.api_url, token)


def test_a_facebook_post_reaches_the_page_feed_with_its_link(facebook: FakeFacebook) -> None:
    post_id = _page(facebook).post("Tin tức\n\nTóm tắt.", LINK, "vi")

    [post] = facebook.posts
    assert post_id == post.id == "1001_1"
    assert (post.message, post.link) == ("Tin tức\n\nTóm tắt.", LINK)


@pytest.mark.parametrize(
    ("status", "code", "temporary"),
    [
        (500, None, True),  # the network is down
        (429, None, True),
        (400, 4, True),  # the application's rate limit, said with HTTP 400 as Graph does
        (400, 32, True),  # the page's rate limit
        (400, 613, True),
        (400, 100, False),  # an invalid parameter: retrying will not help
        (403, 200, False),  # a missing permission
    ],
)
def test_facebook_failures_are_told_apart(
    facebook: FakeFacebook, status: int, code: int | None, temporary: bool
) -> None:
    facebook.fail_next(1, status=status, code=code)

    expected = TemporaryFailure if temporary else PermanentFailure
    with pytest.raises(expected) as failure:
        _page(facebook).post("Tin tức", LINK, "vi")

    assert not facebook.posts
    assert str(failure.value).startswith(f"Facebook {status}")


def test_a_refused_facebook_token_is_permanent_and_never_shown(facebook: FakeFacebook) -> None:
    with pytest.raises(PermanentFailure) as failure:
        _page(facebook, token="expired-token").post("Tin tức", LINK, "vi")

    assert "code 190" in str(failure.value)
    assert "expired-token" not in str(failure.value)


def test_facebook_finds_the_post_an_earlier_try_made(facebook: FakeFacebook) -> None:
    page = _page(facebook)
    assert page.find_post(LINK, since=SINCE) is None
    post_id = page.post("Tin tức", LINK, "vi")

    assert page.find_post(LINK, since=SINCE) == post_id
    assert page.find_post(LINK, since=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)) is None


def test_an_x_post_is_its_title_and_link(x: FakeX) -> None:
    post_id = _account(x).post("Vietnam and Japan sign a new agreement", LINK, "en")

    [post] = x.posts
    assert post.id == post_id
    assert post.text == f"Vietnam and Japan sign a new agreement {LINK}"


def test_a_long_title_is_shortened_at_a_word_with_an_ellipsis_to_fit_280(x: FakeX) -> None:
    title = " ".join(["Minister meets counterparts at the regional forum"] * 8)

    text = compose(title, LINK)

    assert post_weight(text) <= 280
    assert x_length(text) <= 280  # as the fake (and X) count it
    assert text.endswith(f"… {LINK}")
    assert title.startswith(text.removesuffix(f"… {LINK}"))
    assert text.removesuffix(f"… {LINK}").split()[-1] in title.split()  # a whole word
    _account(x).post(title, LINK, "en")
    assert x.posts[0].text == text


def test_a_url_counts_23_and_a_short_title_is_kept_whole() -> None:
    assert post_weight(compose("Hello", LINK)) == len("Hello ") + 23
    assert compose("Hello", LINK) == f"Hello {LINK}"


def test_characters_outside_latin_count_twice() -> None:
    # Vietnamese precomposed letters (U+1E00-1EFF) and CJK weigh 2, as twitter-text counts.
    assert weight("Bộ") == 1 + 2
    assert weight("日本") == 4
    assert post_weight(compose("日" * 200, LINK)) <= 280


@pytest.mark.parametrize(
    ("status", "temporary"), [(500, True), (503, True), (429, True), (400, False), (403, False)]
)
def test_x_failures_are_told_apart(x: FakeX, status: int, temporary: bool) -> None:
    x.fail_next(1, status=status)

    with pytest.raises(TemporaryFailure if temporary else PermanentFailure):
        _account(x).post("News", LINK, "en")
    assert not x.posts


def test_an_x_rate_limit_says_when_to_try_again(x: FakeX) -> None:
    x.fail_next(1, status=429)

    with pytest.raises(TemporaryFailure) as failure:
        _account(x).post("News", LINK, "en")

    assert failure.value.retry_at is not None
    assert failure.value.retry_at > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)


def test_a_refused_x_token_is_permanent(x: FakeX) -> None:
    with pytest.raises(PermanentFailure) as failure:
        _account(x, token="revoked").post("News", LINK, "en")
    assert str(failure.value).startswith("X 401")


def test_x_finds_the_post_an_earlier_try_made(x: FakeX) -> None:
    account = _account(x)
    assert account.find_post(LINK, since=SINCE) is None
    post_id = account.post("News", LINK, "en")

    assert account.find_post(LINK, since=SINCE) == post_id


def test_an_unreachable_network_is_a_temporary_failure() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TemporaryFailure):
        XAccount(f"http://127.0.0.1:{port}/2", "token").post("News", LINK, "en")
