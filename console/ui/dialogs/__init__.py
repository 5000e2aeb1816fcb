"""Modal dialogs that confirm an operation before anything is sent to the engine."""
