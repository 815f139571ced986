"""The real-CLI tier only: the shape of the keys the real CLI's awscrt draws, pinned.

awscrt 0.36.0 (AWS CLI 2.36.7) writes a private scalar that starts with a zero byte in 31
bytes and then cannot load it back (1 key in 256): such an `aws login` session fails at its
first refresh. `AWSLOGIN_TEST_CRT_KEY=whole` draws again until the key is 32 bytes (the tests
that are not about this bug); `short` draws until it is 31 (the bug, on purpose). Nothing
else of the CLI changes.
"""

from __future__ import annotations

import os


def _pin() -> None:
    want = os.environ.get("AWSLOGIN_TEST_CRT_KEY")
    if want not in ("whole", "short"):
        return
    try:
        from awscrt.crypto import EC, ECExportFormat
    except ImportError:  # not the CLI's Python (the helper's, say): nothing to pin
        return
    generate = EC.new_generate

    def new_generate(kind: object) -> object:
        key = generate(kind)
        for _ in range(10_000):
            # SEC1: 30 LL 02 01 01 04 NN <scalar>: NN is the scalar's length.
            if (key.export_key(ECExportFormat.SEC1)[6] < 32) == (want == "short"):
                break
            key = generate(kind)
        return key

    EC.new_generate = staticmethod(new_generate)  # type: ignore[method-assign,assignment]


_pin()
