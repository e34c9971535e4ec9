"""The one refusal type: a service that will not do an action raises ``Refused`` (or a subclass)
and changes nothing; ``message`` is the Chinese reason a view shows as it is. Views tell kinds of
refusal apart by class (e.g. a stale form), never by comparing message strings."""


class Refused(Exception):
    def __init__(self, message: str, *args):
        # *args: the other arguments of a co-base such as Django's ValidationError.
        super().__init__(message, *args)
        self.message = message
