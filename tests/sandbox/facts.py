"""Helpers the fidelity tests share to replay recorded facts (tests/sandbox/recorded_*.py) against the
sandbox: placeholders filled in, and dotted field paths looked up in a body."""
import re


def fill(obj, values):
    """`obj` with every {placeholder} in its strings (keys included) replaced from `values`."""
    if isinstance(obj, str):
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), obj)
    if isinstance(obj, dict):
        return {fill(k, values): fill(v, values) for k, v in obj.items()}
    if isinstance(obj, list):
        return [fill(x, values) for x in obj]
    return obj


def present(body, dotted):
    """Is the path `dotted` (a.b[].c) in `body`? A list marked [] must be non-empty, and the rest of the
    path present in every element."""
    def walk(node, parts):
        if not parts:
            return True
        part, rest = parts[0], parts[1:]
        is_list = part.endswith("[]")
        key = part[:-2] if is_list else part
        if not isinstance(node, dict) or key not in node:
            return False
        child = node[key]
        if is_list:
            return isinstance(child, list) and bool(child) and all(walk(c, rest) for c in child)
        return walk(child, rest)
    return walk(body, dotted.split("."))
