# TEMPORARY contract shim written by the lead so Django can import while the extraction library
# is being written. The extraction engineer replaces this file wholesale.


def extract(text, *, reference_date, unit_names=()):
    raise NotImplementedError
