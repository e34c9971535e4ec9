from directory import policy
from directory.policy import Action


def _may(action: Action):
    return lambda user: policy.can(user, action)


def _everyone(user) -> bool:
    return True


# The top bar, in order: key -> (URL name, label, who sees the link).
NAVIGATION = {
    "home": ("home", "首页", _everyone),
    "worklist": ("tracker:worklist", "待办", _may(Action.VIEW_WORKLIST)),
    "dashboard": ("tracker:dashboard", "督办总览", _may(Action.VIEW_DASHBOARD)),
    "my-tasks": ("tracker:my-tasks", "我的任务", lambda user: user.is_unit_member),
    "speeches": ("speeches:speech-list", "讲话稿", _may(Action.VIEW_SPEECH)),
    "import": ("speeches:speech-import", "导入", _may(Action.IMPORT_SPEECH)),
    "bulletins": ("tracker:bulletin-list", "督查通报", _everyone),
    "assessment": ("tracker:assessment", "考核", _everyone),
    "units": ("tracker:unit-list", "单位名录", _everyone),
    "directory-import": ("tracker:directory-import", "导入名录", _may(Action.MANAGE_DIRECTORY)),
    "calendar": ("tracker:calendar-settings", "日历订阅", _everyone),
    "admin": ("admin:index", "管理后台", lambda user: user.is_staff),
}


def navigation(request) -> dict:
    """Which top-bar links the signed-in user may follow (``nav_links``, NAVIGATION's keys)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_links": tuple(key for key, (_, _, shown) in NAVIGATION.items() if shown(user))}
