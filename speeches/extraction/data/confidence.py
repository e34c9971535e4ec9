"""How sure each genre rule is: the confidence a directive gets from the rule that proposed it.

Values were set from the measured precision of each rule on the annotated sets (a rule's share
of right candidates, per group of genres), so that a candidate at 0.8 or above is right at
least nine times in ten. Groups: "speech" (speeches), "meeting" (news, minutes, 批示: the
meeting speaks in its own voice), "list" (notices, plans, task lists, reports: items).
"""

# rule -> group -> base confidence
RULE_BASE = {
    "table": {"speech": 0.92, "meeting": 0.92, "list": 0.92},  # a task table's row
    "field": {"speech": 0.8, "meeting": 0.8, "list": 0.8},  # an item with unit/deadline fields
    "modal": {"speech": 0.66, "meeting": 0.72, "list": 0.78},  # "各地要…", "必须…"
    "responsibility": {"speech": 0.62, "meeting": 0.68, "list": 0.66},  # "由X牵头", "X将…"
    "actor_dated": {"speech": 0.78, "meeting": 0.8, "list": 0.8},  # "X每季度召开…"
    "future_plan": {"speech": 0.55, "meeting": 0.6, "list": 0.6},  # "今年将…"
    "opener": {"speech": 0.55, "meeting": 0.58, "list": 0.6},  # "镇危改办组织对…验收"
    "target_line": {"speech": 0.6, "meeting": 0.65, "list": 0.7},  # "主要预期目标是：…"
    "list_item": {"speech": 0.55, "meeting": 0.65, "list": 0.68},  # "新建改造…8万亩"
}
# The sentence names its actor ("县财政局要…"): a ledger can assign it.
ACTOR_BONUS = 0.12
# It carries a due date or a recurrence: it can be tracked.
BOUND_BONUS = 0.1
CONFIDENCE_MAX = 0.95
CONFIDENCE_MIN = 0.05

# The sentence detector (speeches.extraction.detector) as a second opinion: the confidence
# moves by DETECTOR_WEIGHT × (probability − DETECTOR_CENTER). Measured with detectors trained
# without the genre they score (leave one genre out), this puts more right candidates at 0.8 or
# above and fewer wrong ones; as a gate (dropping candidates it rates low) or as a proposer of
# sentences no rule took, it did not help on unseen genres and is not used so.
DETECTOR_WEIGHT = 0.3
DETECTOR_CENTER = 0.5
