"""The steps of developing a member, keys exactly as typed on the command line, their words,
their order and the stage each leads to."""

from __future__ import annotations

from ..i18n import N_

# In the order they are taken. `review` and `probation-review` repeat.
STEPS = (
    "talk",
    "activist",
    "contacts",
    "review",
    "candidate",
    "sponsors",
    "political-review",
    "training",
    "publicity",
    "pre-review",
    "admission",
    "approval",
    "oath",
    "probation-review",
    "full-membership",
    "full-approval",
)
REPEATED = ("review", "probation-review")
# What must be on record before a step (the order of the 细则's chapters).
REQUIRES = {
    "talk": (),
    "activist": ("talk",),
    "contacts": ("activist",),
    "review": ("activist",),
    "candidate": ("activist",),
    "sponsors": ("candidate",),
    "political-review": ("candidate",),
    "training": ("candidate",),
    "publicity": ("candidate",),
    "pre-review": ("sponsors", "political-review", "training"),
    "admission": ("pre-review",),
    "approval": ("admission",),
    "oath": ("approval",),
    "probation-review": ("approval",),
    "full-membership": ("approval",),
    "full-approval": ("full-membership",),
}
# Steps that name a general meeting (--meeting), and those that take --from/--to.
MEETING_STEPS = ("admission", "full-membership")
SPAN_STEPS = ("publicity",)

STEP_TEXT = {
    "applied": N_("application"),
    "talk": N_("talk with the applicant"),
    "activist": N_("made an activist"),
    "contacts": N_("contacts appointed"),
    "review": N_("half-year review"),
    "candidate": N_("listed as a candidate"),
    "sponsors": N_("sponsors"),
    "political-review": N_("political review"),
    "training": N_("concentrated training"),
    "publicity": N_("publicity"),
    "pre-review": N_("pre-review by the higher committee"),
    "admission": N_("admission by the general meeting"),
    "approval": N_("approval by the higher committee"),
    "oath": N_("oath"),
    "probation-review": N_("probation review"),
    "full-membership": N_("full membership by the general meeting"),
    "full-approval": N_("approval of full membership"),
}

# stage -> words; a person's stage is that of the last stage-changing step on record.
STAGES = ("applicant", "activist", "candidate", "admitted", "probationary", "full")
STAGE_TEXT = {
    "applicant": N_("applicant"),
    "activist": N_("activist"),
    "candidate": N_("candidate"),
    "admitted": N_("admitted, awaiting approval"),
    "probationary": N_("probationary member"),
    "full": N_("full member"),
}
STAGE_AFTER = {
    "activist": "activist",
    "candidate": "candidate",
    "admission": "admitted",
    "approval": "probationary",
    "full-approval": "full",
}


def stage_of(done: set[str]) -> str:
    """The stage reached with the steps ``done``."""
    stage = "applicant"
    for step in STEPS:
        if step in done and step in STAGE_AFTER:
            stage = STAGE_AFTER[step]
    return stage
