# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one place where input values become numbers, dates and texts.

Portal forms, RPC methods, wizards, settings and constraints call these
helpers; they parse with ``services/parsing.py`` and turn its reason codes
into a translated message naming the field.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..services import parsing

#: Largest record id PostgreSQL's integer columns hold.
MAX_RECORD_ID = 2**31 - 1


def _bound(value):
    """A bound as shown in messages: 1e9 as 1000000000, 2.0 and 0.5 as is."""
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1000:
        return int(value)
    return value


class DmfgInput(models.AbstractModel):
    _name = "dmfg.input"
    _description = "Input parsing (numbers, dates and texts)"

    @api.model
    def _dmfg_number(
        self,
        value,
        label,
        *,
        minimum=None,
        maximum=None,
        strict=False,
        rounding=None,
        integer=False,
        required=True,
        default=None,
        missing=None,
        error=UserError,
    ):
        """``value`` as a finite number within bounds, else ``error``.

        ``label`` names the field in the message (translated, e.g. "The
        produced quantity"). ``minimum``/``maximum``, ``strict`` (> 0),
        ``rounding`` (a unit of measure's rounding: the number is 0 or at
        least that, and is rounded to it), ``integer``, ``required`` and
        ``default``: see ``services.parsing.parse_number``. ``missing``: the
        message for an empty value, instead of the generic one. ``error``:
        the exception class (UserError; ValidationError in constraints).
        """
        try:
            number = parsing.parse_number(
                value,
                minimum=minimum,
                maximum=maximum,
                strict=strict,
                rounding=rounding,
                integer=integer,
                required=required,
                default=default,
            )
        except parsing.InputError as exc:
            raise error(
                missing
                if missing and exc.code == parsing.REASON_EMPTY
                else self._dmfg_number_message(exc, label, minimum, maximum, strict)
            ) from exc
        if rounding and number and not integer:
            number = float_round(number, precision_rounding=rounding)
        return number

    def _dmfg_number_message(self, exc, label, minimum, maximum, strict):
        """The translated message of a refused number (see _dmfg_number)."""
        _ = self.env._
        value = parsing.shorten(exc.value)
        code = exc.code
        # Both bounds given by the caller: say the range.
        between = maximum is not None and (minimum is not None or strict)
        lower = _bound(0 if minimum is None else minimum)
        upper = _bound(maximum)
        if code == parsing.REASON_NOT_POSITIVE:
            return _(
                "%(field)s must be greater than 0, got %(value)s.",
                field=label,
                value=value,
            )
        if code in (parsing.REASON_BELOW_MINIMUM, parsing.REASON_ABOVE_MAXIMUM):
            if between:
                return _(
                    "%(field)s must be between %(min)s and %(max)s, got %(value)s.",
                    field=label,
                    min=lower,
                    max=upper,
                    value=value,
                )
            if code == parsing.REASON_ABOVE_MAXIMUM:
                return _(
                    "%(field)s must be at most %(max)s, got %(value)s.",
                    field=label,
                    max=_bound(exc.bound),
                    value=value,
                )
            if exc.bound == 0:
                return _(
                    "%(field)s cannot be negative, got %(value)s.",
                    field=label,
                    value=value,
                )
            return _(
                "%(field)s must be at least %(min)s, got %(value)s.",
                field=label,
                min=_bound(exc.bound),
                value=value,
            )
        if code == parsing.REASON_BELOW_ROUNDING and strict:
            return _(
                "%(field)s must be at least %(rounding)s (the rounding of its "
                "unit of measure), got %(value)s.",
                field=label,
                rounding=exc.bound,
                value=value,
            )
        if code == parsing.REASON_BELOW_ROUNDING:
            return _(
                "%(field)s must be 0 or at least %(rounding)s (the rounding of its "
                "unit of measure), got %(value)s.",
                field=label,
                rounding=exc.bound,
                value=value,
            )
        messages = {
            parsing.REASON_EMPTY: _("%(field)s is missing.", field=label),
            parsing.REASON_NOT_FINITE: _(
                "%(field)s must be a finite number, got %(value)s.",
                field=label,
                value=value,
            ),
            parsing.REASON_NOT_INTEGER: _(
                "%(field)s must be a whole number, got %(value)s.",
                field=label,
                value=value,
            ),
        }
        return messages.get(code) or _(
            "%(field)s must be a number, got %(value)s.", field=label, value=value
        )

    @api.model
    def _dmfg_record_id(self, value, label):
        """``value`` as a record id (a whole number from 1), else UserError.

        Whether the record exists is the caller's check.
        """
        return self._dmfg_number(
            value, label, minimum=1, maximum=MAX_RECORD_ID, integer=True
        )

    @api.model
    def _dmfg_param_number(self, key, default, label, **bounds):
        """The number stored in our config parameter ``key`` (``default``
        when unset), checked like :meth:`_dmfg_number` (``label`` names the
        setting)."""
        value = self.env["ir.config_parameter"]._dmfg_get_param(key)
        return self._dmfg_number(
            value, label, required=False, default=default, **bounds
        )

    @api.model
    def _dmfg_date(
        self,
        value,
        label,
        *,
        minimum=None,
        maximum=None,
        required=True,
        missing=None,
        error=UserError,
    ):
        """``value`` as a date within bounds, else ``error``.

        Takes dates, datetimes and ``YYYY-MM-DD`` strings; returns None for
        an empty value when not ``required``. A date before ``minimum`` when
        that is today is "in the past".
        """
        try:
            return parsing.parse_date(
                value, minimum=minimum, maximum=maximum, required=required
            )
        except parsing.InputError as exc:
            raise error(
                missing
                if missing and exc.code == parsing.REASON_EMPTY
                else self._dmfg_date_message(exc, label)
            ) from exc

    def _dmfg_date_message(self, exc, label):
        _ = self.env._
        if exc.code == parsing.REASON_EMPTY:
            return _("%(field)s is missing.", field=label)
        if exc.code == parsing.REASON_TOO_EARLY:
            if exc.bound == fields.Date.context_today(self):
                return _(
                    "%(field)s %(date)s is in the past.", field=label, date=exc.value
                )
            return _(
                "%(field)s %(date)s is before %(min)s.",
                field=label,
                date=exc.value,
                min=exc.bound,
            )
        if exc.code == parsing.REASON_TOO_LATE:
            return _(
                "%(field)s %(date)s is after %(max)s, the latest date allowed.",
                field=label,
                date=exc.value,
                max=exc.bound,
            )
        return _(
            "%(field)s is not a date (YYYY-MM-DD): %(value)s.",
            field=label,
            value=parsing.shorten(exc.value),
        )

    @api.model
    def _dmfg_text(
        self,
        value,
        label,
        *,
        max_length=parsing.DEFAULT_MAX_TEXT_LENGTH,
        required=True,
        missing=None,
        error=UserError,
    ):
        """``value`` as a stripped text of at most ``max_length`` characters,
        else ``error``; "" for an empty value when not ``required``."""
        try:
            return parsing.parse_text(value, max_length=max_length, required=required)
        except parsing.InputError as exc:
            _ = self.env._
            if exc.code == parsing.REASON_EMPTY:
                message = missing or _("%(field)s is missing.", field=label)
            elif exc.code == parsing.REASON_TOO_LONG:
                message = _(
                    "%(field)s is too long: at most %(max)s characters, got "
                    "%(length)s.",
                    field=label,
                    max=exc.bound,
                    length=len(exc.value.strip()),
                )
            else:
                message = _(
                    "%(field)s must be a text, got %(value)s.",
                    field=label,
                    value=parsing.shorten(exc.value),
                )
            raise error(message) from exc
