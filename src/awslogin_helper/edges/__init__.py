"""The edges: the only code that touches the world, each injected where it is used.

- `runner`: every AWS CLI process (argument lists; bounded in time and size).
- `prompter`: every question (questionary, imported lazily).
- `ui`: the one console (Rich on stderr); the only code that knows widths and wrapping.
- `environment`: one read-only view of the environment variables and the machine.
- `safeio`: reading files from outside (regular files only, bounded in size).
"""
