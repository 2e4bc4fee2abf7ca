"""Keep PySide6 6.12 from deallocating ``None`` on Python 3.11.

The PySide6/shiboken6 6.12.0 wheels return ``None`` from every void C++ method without
taking a reference to it (harmless from Python 3.12 on, where ``None`` is immortal).
On 3.11 each call such as ``QLabel.setText`` or ``QTextCursor.setPosition`` lowers
``None``'s reference count by one; after a few thousand calls the interpreter aborts
with "Fatal Python error: none_dealloc". Highlighting a long article or a replace-all
is enough to get there.

Adding a very large number to ``None``'s count makes it as good as immortal, which is
exactly what Python 3.12 does. ``desk.ui`` applies it on import, before any Qt call.
"""

from __future__ import annotations

import ctypes
import sys

# Far more void calls than a process could make, far below the Py_ssize_t limit.
MARGIN = 1 << 40


def protect_none() -> bool:
    """Make ``None`` effectively immortal on Python < 3.12; True if it was changed."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field
    if refcount.value >= MARGIN:
        return False
    refcount.value += MARGIN
    return True
