"""Life after login: `bridge` (a profile for tools that cannot read `login_session`) and
`retire-keys` (long-term keys commented out safely, `--undo` puts them back).

Every file edit goes through `edges.configedit`; errors become messages and exit codes in
`exits.execute`, like every other command's.
"""
