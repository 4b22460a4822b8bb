"""A campaign coalition and its member organisations, and the three roles a campaign gives people in them.

The roles are not new records: they are what an existing membership means, read afresh on each call (as
`visibility.member_of` reads memberships), so a membership ended or a member organisation that leaves its
coalition ends the role at once.

- **Coalition staff**: the members of the coalition organisation itself (any role). They write the coalition's
  campaigns (with the editor role or above) and read what its members report about them. They do not read a
  member's contacts: those are read through `visible_to`, like every private record, and only where shared.
- **Member editor**: an editor (or administrator) of a member organisation: records the member's contacts and
  reports.
- **Member viewer**: a viewer of a member organisation: reads them.

Site administrators (superusers) count as all three, as they read everything.
"""

from __future__ import annotations

from django.db.models import QuerySet

from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Reader, member_of, reads_everything


def coalitions() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.COALITION)


def is_coalition_staff(user: Reader, coalition: Organisation, role: str = Role.VIEWER) -> bool:
    """Whether `user` belongs to the coalition organisation itself, with `role` or a role above it."""
    if coalition.kind != OrganisationKind.COALITION:
        return False
    return reads_everything(user) or member_of(user, role).filter(organisation_id=coalition.pk).exists()


def _is_member(user: Reader, member: Organisation, role: str) -> bool:
    if member.coalition_id is None:
        return False
    return reads_everything(user) or member_of(user, role).filter(organisation_id=member.pk).exists()


def is_member_editor(user: Reader, member: Organisation) -> bool:
    """Whether `user` is an editor (or administrator) of `member`, an organisation that belongs to a coalition."""
    return _is_member(user, member, Role.EDITOR)


def is_member_viewer(user: Reader, member: Organisation) -> bool:
    """Whether `user` reads `member`'s records (any role in it), `member` being a coalition's member."""
    return _is_member(user, member, Role.VIEWER)


def coalitions_staffed_by(user: Reader, role: str = Role.VIEWER) -> QuerySet[Organisation]:
    """The coalitions whose staff `user` is, with `role` or above; site administrators: every coalition."""
    if reads_everything(user):
        return coalitions()
    return coalitions().filter(pk__in=member_of(user, role))


def members_of(coalition: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(coalition_id=coalition.pk).select_related("state")


def members_overseen_by(user: Reader) -> QuerySet[Organisation]:
    """The member organisations whose campaign reports `user` reads as coalition staff (not their contacts)."""
    return Organisation.objects.filter(coalition__in=coalitions_staffed_by(user))


def may_read_member_reports(user: Reader, member: Organisation) -> bool:
    """Whether `user` reads what `member` reports of a campaign: its own people, and its coalition's staff."""
    if member.coalition is None:
        return reads_everything(user) or member_of(user).filter(organisation_id=member.pk).exists()
    return is_member_viewer(user, member) or is_coalition_staff(user, member.coalition)
