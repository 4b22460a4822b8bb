"""The one rule by which private records are read: `visible_to(user)`.

A record that can be private says who may read it: everyone (public), the members of the organisation that
owns it, or those members and the members of the organisations it names. Every page, export, feed, search,
API answer and cache reads such records through `RestrictedQuerySet.visible_to`, and a record's private
fields are shown only where `is_visible_to` (the same rule, asked of one record) says so. Site
administrators (superusers) read everything: they run the site and its backups.
"""

from __future__ import annotations

from typing import Any, Self

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, ExpressionWrapper, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from treatywatch.organisations.models import ROLE_ORDER, Membership, Organisation, Role

Reader = AbstractBaseUser | AnonymousUser | None


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    ORGANISATION = "organisation", _("the organisation only")
    NAMED = "named", _("the organisation and the organisations named")


def reads_everything(user: Reader) -> bool:
    return bool(user is not None and user.is_active and getattr(user, "is_superuser", False))


def member_of(user: Reader, role: str = Role.VIEWER) -> QuerySet[Membership, int]:
    """The organisations (their ids) in which `user` holds `role` or a role above it, read afresh each time
    (a subquery where a query uses it), so a membership ended is ended everywhere at once."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Membership.objects.none().values_list("organisation_id", flat=True)
    roles = ROLE_ORDER[ROLE_ORDER.index(Role(role)) :]
    found = Membership.objects.filter(user_id=user.pk, role__in=roles)
    return found.values_list("organisation_id", flat=True)


def organisations_of(user: Reader, role: str = Role.VIEWER) -> QuerySet[Organisation]:
    """The organisations in which `user` holds `role` or a role above it; site administrators: every one."""
    if reads_everything(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=member_of(user, role))


class RestrictedQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Reader) -> Self:
        """The records `user` may read: public ones, and those of (or shared with) the user's organisations."""
        allowed = self._allowed(user)
        return self.all() if allowed is None else self.filter(allowed)

    def with_private_part(self, user: Reader) -> Self:
        """Every record, each marked `private_part_visible` when `user` may read its private part (the rule of
        `visible_to`): for records whose public part everyone sees, such as a closed meeting's."""
        allowed = self._allowed(user)
        marked = Value(True) if allowed is None else Case(When(allowed, then=Value(True)), default=Value(False))
        return self.annotate(private_part_visible=ExpressionWrapper(marked, output_field=models.BooleanField()))

    def _allowed(self, user: Reader) -> Q | None:
        """The condition a record `user` may read meets (None: every record)."""
        if reads_everything(user):
            return None
        public = Q(visibility=Visibility.PUBLIC)
        if user is None or not user.is_authenticated or not user.is_active:
            return public
        organisations = member_of(user)
        shared_with = self.model._meta.get_field("shared_with")
        named = shared_with.remote_field.through.objects.filter(
            **{f"{shared_with.m2m_reverse_field_name()}__in": organisations}
        ).values(shared_with.m2m_field_name())
        # Membership and sharing are read as short lists (hashed once by the database), not as a subquery run
        # for every record.
        return public | Q(owner_id__in=organisations) | Q(Q(visibility=Visibility.NAMED), pk__in=named)


class Restricted(models.Model):
    """A record that may be private; concrete models add what they record."""

    visibility = models.CharField(
        _("who may read it"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    owner = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    shared_with = models.ManyToManyField(Organisation, blank=True, related_name="+", verbose_name=_("shared with"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.visibility != Visibility.PUBLIC and self.owner is None:
            raise ValidationError({"owner": _("A record that is not public needs the organisation it belongs to.")})

    def is_visible_to(self, user: Reader) -> bool:
        """Whether `user` may read this record's private part: the rule of `visible_to`, asked of one record."""
        return type(self)._default_manager.visible_to(user).filter(pk=self.pk).exists()
