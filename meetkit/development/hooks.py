"""Developing new members as a built-in plugin (DEFAULT_PLUGINS): what a vote on an
applicant says when it passes, and the step a tally records."""

from meetkit import hookimpl


@hookimpl
def meetkit_vote_resolutions(meeting, workspace, lang):
    from .votes import resolutions

    return resolutions(workspace, meeting, lang) or None


@hookimpl
def meetkit_vote_recorded(meeting, workspace, item):
    from .votes import tallied

    return tallied(workspace, meeting, item) or None
