"""The Qt shell: windows, dialogs, item models and workers over desk.core."""
