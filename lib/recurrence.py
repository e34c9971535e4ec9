"""How often a recurring task comes back: the values the extraction proposes, candidates and
tasks store, and the period arithmetic (tracker/services/periods.py) understands."""

WEEKLY = "weekly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
HALF_YEARLY = "half-yearly"
YEARLY = "yearly"
BIENNIAL = "biennial"

LABELS = {
    WEEKLY: "每周",
    MONTHLY: "每月",
    QUARTERLY: "每季度",
    HALF_YEARLY: "每半年",
    YEARLY: "每年",
    BIENNIAL: "每两年",
}
RECURRENCES = tuple(LABELS)
