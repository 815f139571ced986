"""The checks: what runs before anything is asked, and what its answers mean.

- `probes`: the pre-confirmation AWS CLI calls, started at once.
- `steps`: deciding the path, then the AWS CLI version, the identity and the keys.
- `keys`: what kind of keys a profile or the environment holds, said once.
- `classify`, `versions`: pure parsers of what the AWS CLI printed.
- `diagnose`: what the endings may name (the situation), and newer `aws` later on PATH.
"""
