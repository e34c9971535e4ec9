"""Group words of the genre (各乡镇, 各镇, 各村（社区）, 区直部门 …) and the kinds of unit each
stands for: one list for the extraction's mentions, the unit directory's expansion and the
mentions found in text a reviewer adds by hand.

Kinds are the values of directory.models.Unit.Kind (this floor imports no app).
"""

import re

TOWNSHIP = "township"
STREET = "street"
VILLAGE = "village"
COMMUNITY = "community"
DEPARTMENT = "department"
ENTERPRISE = "enterprise"

# Most specific first. "各乡镇、街道党（工）委" names every township and street of the area.
GROUP_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("乡镇（街道）", (TOWNSHIP, STREET)),
    ("乡镇、街道", (TOWNSHIP, STREET)),
    ("乡镇街道", (TOWNSHIP, STREET)),
    ("镇街", (TOWNSHIP, STREET)),
    ("各地", (TOWNSHIP, STREET)),
    ("乡镇", (TOWNSHIP,)),
    ("乡（镇）", (TOWNSHIP,)),
    # "各镇" / "各乡" name every township; the prefix rule below keeps "镇政府" from matching.
    ("镇", (TOWNSHIP,)),
    ("乡", (TOWNSHIP,)),
    ("街道", (STREET,)),
    ("村（社区）", (VILLAGE, COMMUNITY)),
    ("村、社区", (VILLAGE, COMMUNITY)),
    ("村居", (VILLAGE, COMMUNITY)),
    ("行政村", (VILLAGE,)),
    ("村", (VILLAGE,)),
    ("社区", (COMMUNITY,)),
    ("区直部门", (DEPARTMENT,)),
    ("县直部门", (DEPARTMENT,)),
    ("市直部门", (DEPARTMENT,)),
    ("区直各部门", (DEPARTMENT,)),
    ("区直单位", (DEPARTMENT,)),
    ("县直单位", (DEPARTMENT,)),
    ("各部门", (DEPARTMENT,)),
    ("企业", (ENTERPRISE,)),
)
GROUP_PREFIX = re.compile(r"^(各|全[区县市]|所有|有关|相关)")
# 各 + a group word (or a group word that has its 各), longest first: where a text names a group.
_IN_TEXT = re.compile(
    "|".join(
        re.escape(word if word.startswith("各") else f"各{word}")
        for word in sorted((word for word, _ in GROUP_WORDS), key=len, reverse=True)
    )
)


def group_kinds(mention: str) -> tuple[str, ...]:
    """Kinds a group mention stands for; () when the mention names a particular unit."""
    prefixed = GROUP_PREFIX.match(mention) is not None
    for word, kinds in GROUP_WORDS:
        # One-character words ("镇", "村") count only after 各/全区…, never as a name's first char.
        if word in mention and (prefixed or (len(word) > 1 and mention.startswith(word))):
            return kinds
    return ()


def group_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, words) of every 各-group named in ``text`` ("各镇党委" → 各镇)."""
    return [
        (match.start(), match.end(), match.group())
        for match in _IN_TEXT.finditer(text)
        if group_kinds(match.group())
    ]
