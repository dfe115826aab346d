"""Mutual exclusion between this extension's own commands on one machine.

Azure offers no optimistic concurrency (ETag/If-Match) on the documents a connection shares with
others (a web app's app settings and metadata, a storage account's or vault's IP rules), so two
commands planning from the same read would each write back a document without the other's change.
Every changing command therefore holds its source's lock from its first read to its last write, and
a step that changes a target's network rules holds that target's lock around its read-modify-write.

The locks are advisory file locks under the az configuration directory: the operating system drops
them when the process dies, even under `kill -9`, so a lock can never outlive its command. Commands
on other machines (other configuration directories) are not excluded by them; see record.py for how
their in-progress operations are seen and waited for.
"""
import hashlib
import os
import socket
import time
from contextlib import contextmanager

from knack.log import get_logger

logger = get_logger(__name__)

WAIT_S = 600          # longest wait for another command on the same resource
POLL_S = 0.05


class LockTimeout(Exception):
    pass


class LockSpace:
    """The lock files of one az configuration directory; `id` names it inside records."""

    def __init__(self, directory):
        self.directory = os.path.join(directory, 'connection-locks')
        self.id = hashlib.sha256(f'{socket.gethostname()}|{os.path.abspath(self.directory)}'.encode()).hexdigest()[:16]

    @classmethod
    def of(cls, cli_ctx):
        return cls(cli_ctx.config.config_dir)

    def _path(self, kind, resource_id):
        digest = hashlib.sha256(resource_id.lower().rstrip('/').encode()).hexdigest()[:32]
        return os.path.join(self.directory, f'{kind}-{digest}.lock')

    @contextmanager
    def hold(self, kind, resource_id, what, wait_s=WAIT_S):
        """Hold the lock of `resource_id` (kind 'source' or 'target') for the block; wait for it if
        another command holds it, saying so once."""
        os.makedirs(self.directory, exist_ok=True)
        handle = open(self._path(kind, resource_id), 'a+b')  # pylint: disable=consider-using-with
        try:
            if not _try_lock(handle):
                logger.warning('Waiting for another connection command on %s to finish...', what)
                deadline = time.monotonic() + wait_s
                while not _try_lock(handle):
                    if time.monotonic() > deadline:
                        raise LockTimeout(f'another connection command held the lock of {what} for more than '
                                          f'{wait_s} s')
                    time.sleep(POLL_S)
            yield
        finally:
            handle.close()      # closing the file releases the lock

    def is_free(self, kind, resource_id):
        """True when no command on this machine holds the lock (so none of ours is working there)."""
        path = self._path(kind, resource_id)
        if not os.path.exists(path):
            return True
        with open(path, 'a+b') as handle:
            return _try_lock(handle)


if os.name == 'nt':  # pragma: no cover - exercised on Windows only
    import msvcrt  # pylint: disable=import-error  # Windows' own module; this branch runs on Windows only

    def _try_lock(handle):
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
else:
    import fcntl

    def _try_lock(handle):
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False
