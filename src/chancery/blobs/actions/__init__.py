"""Every write of the blobs app, one module per use case."""

from chancery.blobs.actions.gc import collect_garbage
from chancery.blobs.actions.refs import attach, detach
from chancery.blobs.actions.rotation import rotate_keys
from chancery.blobs.actions.store import store

__all__ = ["attach", "collect_garbage", "detach", "rotate_keys", "store"]
