"""The docked panels beside the editor: list, inspector, category picker, checklist, history."""
