"""Developing new members (发展党员): from applicant to full member, every step dated and checked
against the rules, which are data (``rules/*.toml``: one file per text, each rule with its
article and the words it rests on; local rules marked local and configurable).

- ``steps``: the step keys (``talk`` … ``full-approval``), their words, order and stages;
- ``rules``: the rule files, read and applied (earliest dates, deadlines, who may sponsor);
- ``pipeline``: adding people and recording steps (refused with the article and the earliest
  date, or recorded with ``--override REASON``);
- ``checks``: what refuses a step and what only warns;
- ``timeline``: one person's timeline, the next step, who is overdue, 转正 due, the ledger's section;
- ``rosterfile``: joining the roster file on ``approval`` and ``full-approval``;
- ``votes``: the general meeting's admission and full-membership items and their tallies;
- ``documents``: the Word documents under ``development/<name>/`` in the workspace.

Working days come from ``meetkit.model.workdays`` (China's holidays and 调休 days).
"""
