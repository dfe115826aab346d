"""Thread-safe resource store keyed by lower-cased id, preserving the creating casing.

Each record holds the public body (what GET returns) and a `private` dict for things
ARM never shows on GET (storage keys, app settings values live in their own child
records). Child and extension resources are ordinary records whose id starts with
the parent's id, so deleting a group or a resource is a prefix delete.
"""
import copy
import threading


class Store:
    def __init__(self):
        self._lock = threading.RLock()
        self._records = {}  # lower id -> {"id": original id, "body": dict, "private": dict}

    @property
    def lock(self):
        return self._lock

    def get(self, rid):
        with self._lock:
            rec = self._records.get(rid.lower().rstrip("/"))
            return copy.deepcopy(rec) if rec else None

    def body(self, rid):
        rec = self.get(rid)
        return rec["body"] if rec else None

    def put(self, rid, body, private=None):
        key = rid.lower().rstrip("/")
        with self._lock:
            old = self._records.get(key)
            rec = {"id": old["id"] if old else rid, "body": copy.deepcopy(body),
                   "private": copy.deepcopy(private if private is not None else (old or {}).get("private", {}))}
            self._records[key] = rec
            return copy.deepcopy(rec)

    def delete(self, rid):
        with self._lock:
            return self._records.pop(rid.lower().rstrip("/"), None)

    def delete_tree(self, rid):
        """Delete a record and everything under it (children, extension resources)."""
        key = rid.lower().rstrip("/")
        with self._lock:
            doomed = [k for k in self._records if k == key or k.startswith(key + "/")]
            for k in doomed:
                del self._records[k]
            return len(doomed)

    def children(self, parent_id, type_path):
        """Records directly under parent whose id is parent/providers/.../type_path/<name> style.

        `type_path` is the lower-cased tail without the name, e.g. '/providers/microsoft.web/sites'.
        """
        prefix = (parent_id.rstrip("/") + type_path).lower() + "/"
        with self._lock:
            out = [copy.deepcopy(r) for k, r in self._records.items()
                   if k.startswith(prefix) and "/" not in k[len(prefix):]]
        out.sort(key=lambda r: r["id"].lower())
        return out

    def select(self, predicate):
        with self._lock:
            out = [copy.deepcopy(r) for r in self._records.values() if predicate(r)]
        out.sort(key=lambda r: r["id"].lower())
        return out

    def dump(self):
        with self._lock:
            return {"resources": [copy.deepcopy(r) for _, r in sorted(self._records.items())]}

    def load(self, state):
        records = {}
        for r in state.get("resources", []):
            records[r["id"].lower().rstrip("/")] = {"id": r["id"], "body": copy.deepcopy(r["body"]),
                                                    "private": copy.deepcopy(r.get("private", {}))}
        with self._lock:
            self._records = records

    def clear(self):
        with self._lock:
            self._records = {}

    def __len__(self):
        with self._lock:
            return len(self._records)
