"""The paths through the guidance after the checks, one module each.

- `confirm`: the one confirmation, and running the command it named.
- `login`: the `aws login` path (default or named profile, `--remote`).
- `sso`: IAM Identity Center, with `aws sso login`.
- `configure`: GovCloud/China, and a declined `aws login`, with `aws configure`.
"""
