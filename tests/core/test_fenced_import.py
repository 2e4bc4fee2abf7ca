"""Loading the fenced-code extension hides Pygments from the loading thread only."""

import sys
import threading

import pytest

from desk.core.render import fenced


def test_pygments_is_hidden_from_the_loading_thread_only():
    finder = fenced._HidePygmentsFrom(threading.get_ident())
    with pytest.raises(ModuleNotFoundError, match="hidden by desk"):
        finder.find_spec("pygments.lexers", None)
    assert finder.find_spec("markdown", None) is None
    seen = []
    other = threading.Thread(target=lambda: seen.append(finder.find_spec("pygments", None)))
    other.start()
    other.join()
    assert seen == [None]  # another thread goes on to the real finders


def test_the_finder_is_gone_once_the_extension_loaded():
    assert not any(isinstance(f, fenced._HidePygmentsFrom) for f in sys.meta_path)
