"""The wizard's steps, one module per part of the flow; `machine.TRANSITIONS` links them.

- `state`: what the steps share: the options, the edges, what the checks found
  (`Findings`) and the wizard's own progress (`Progress`).
- `probes`: the pre-confirmation AWS CLI calls, started at once.
- `checks`: deciding the path, then the AWS CLI version, the identity and the keys.
- `confirm`: the one confirmation, and running the command it named.
- `login`, `sso`, `configure`: the `aws login` path, IAM Identity Center (SSO), and
  GovCloud/China with `aws configure`.
- `keys`: what kind of keys a profile or the environment holds, said once.
- `diagnose`: what the endings may name (the situation), and newer `aws` later on PATH.
- `last_words`: the terminal steps, each saying how the run ended and what to do next.
"""
