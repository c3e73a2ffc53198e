"""Report bundles, the branch's side of the committee above it (issue 23).

A bundle (``<branch>-<Y>[Q<q>].meetkit-bundle``) is a zip holding what the higher-level
committee inspects of one period, ``manifest.json`` with the SHA-256 of every other file, the
branch's public key and an Ed25519 signature over the manifest. ``keys`` keeps the branch's key,
``collect`` gathers the contents from the workspace, ``archive`` writes and reads the zip (the one
place that knows the format), ``opinions`` keeps the opinions the committee sends back.
"""
