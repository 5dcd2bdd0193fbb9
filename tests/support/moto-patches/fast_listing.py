"""A performance patch for moto's ListObjectsV2, loaded by tests/support/seed-keys-server.py.

moto 5.2.1 answers every ListObjectsV2 page by walking all keys of the bucket, sorting them twice
and scanning linearly to the continuation token: listing a 100,000-key prefix page by page costs
O(pages x keys log keys), about two minutes. Real S3 serves each page in constant time, and the
app's behaviour under test (streaming pages, cancelling) depends on pages arriving at S3 speed.

Two costs are removed. The patch keeps the sorted result per (prefix, delimiter) until the bucket's key store changes,
and finds the token's position by bisection. Pages hold exactly what moto would return: the same
keys and folders in the same order, the same tokens. Any write to the key store drops the cache.

Second, moto's XML serializer turns every listed key's LastModified string back into a datetime
with dateutil's general-purpose parser (about a third of a page's time). The parse of a given
string is memoized; keys written in the same second share one entry.
"""

import bisect
import functools
import threading

import moto.core.serialize as moto_serialize
from moto.s3.models import FakeKey, S3Backend
from moto.s3.utils import _VersionedKeyStore

_GENERATION = "_crossbucket_generation"
_CACHE = "_crossbucket_listing_cache"
_lock = threading.Lock()


def _bump(store):
    with _lock:
        setattr(store, _GENERATION, getattr(store, _GENERATION, 0) + 1)


def _counting(method_name):
    original = getattr(_VersionedKeyStore, method_name)

    def wrapper(self, *args, **kwargs):
        try:
            return original(self, *args, **kwargs)
        finally:
            _bump(self)

    return wrapper


# Every way moto mutates a bucket's key store: put, versioned put, delete markers, deletes, resets.
for _name in ("__setitem__", "__delitem__", "setlist", "pop", "popitem", "clear", "update", "setdefault"):
    setattr(_VersionedKeyStore, _name, _counting(_name))


def _name_of(item):
    return item.name if isinstance(item, FakeKey) else item


def _sorted_listing(backend, bucket, prefix, delimiter):
    """Keys and folders under the prefix in moto's order, with their names for bisection."""
    store = bucket.keys
    generation = getattr(store, _GENERATION, 0)
    # Kept on the store itself: a bucket given a new store starts with no cache.
    cached = getattr(store, _CACHE, None)
    if cached is None or cached[0] != generation:
        cached = (generation, {})
        setattr(store, _CACHE, cached)
    entries = cached[1].get((prefix, delimiter))
    if entries is None:
        keys, folders, _, _ = backend.list_objects(bucket, prefix, delimiter, marker=None, max_keys=None)
        items = keys + folders
        items.sort(key=_name_of)
        entries = (items, [_name_of(item) for item in items])
        # A write during the walk bumped the generation, so this entry is never served stale.
        cached[1][(prefix, delimiter)] = entries
    return entries


def _list_objects_v2(self, bucket, prefix, delimiter, continuation_token, start_after, max_keys):
    items, names = _sorted_listing(self, bucket, prefix, delimiter)
    start = 0
    if continuation_token or start_after:
        limit = self._pagination_tokens.get(continuation_token) if continuation_token else start_after
        # moto skips every entry whose name is <= the token's key.
        start = bisect.bisect_right(names, limit)
    # One entry more than asked tells moto's own truncation whether the page is the last.
    window = items[start : start + max_keys + 1]
    return self._truncate_result(window, max_keys)


S3Backend.list_objects_v2 = _list_objects_v2


_parse_uncached = moto_serialize.parse_to_aware_datetime
_parse_cached = functools.lru_cache(maxsize=4096)(_parse_uncached)


def _parse_to_aware_datetime(value):
    # Only strings are hashable and immutable among the accepted inputs; datetimes are returned as is.
    return _parse_cached(value) if isinstance(value, str) else _parse_uncached(value)


moto_serialize.parse_to_aware_datetime = _parse_to_aware_datetime
