from directory import policy
from directory.policy import Action


def navigation(request) -> dict:
    """Which top-bar links the signed-in user may follow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_speeches": policy.can(user, Action.VIEW_SPEECH),
        "nav_import": policy.can(user, Action.IMPORT_SPEECH),
        "nav_directory_import": policy.can(user, Action.MANAGE_DIRECTORY),
        "nav_dashboard": policy.can(user, Action.VIEW_DASHBOARD),
        "nav_worklist": policy.can(user, Action.VIEW_WORKLIST),
    }
