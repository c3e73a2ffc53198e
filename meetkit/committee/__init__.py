"""The higher-level committee (党委/党总支/街道党工委) above the branches (issue 23).

``workspace``: its folder (``committee.toml``, ``.meetkit/committee.db``, its signing key,
``returns/``). ``importer``: bundles in, checked. ``rollup``: per branch and type, required /
held / exempt, counted by the branch ledger's own rule (``meetkit.reports.ledger``). ``exports``: the
roll-up table as Excel and Word. ``opinions``: an opinion back down to a branch.
"""
