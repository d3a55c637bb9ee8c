"""Function-level access: which roles may use a view at all. Object-level access lives in queries.py."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from tidlig.audit.services import record_denied


def role_required(*roles: str) -> Callable:
    """403 for a role that may never use the view; the attempt is logged (ASVS 16.3.1)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                object_id = next((str(v) for v in kwargs.values()), "")
                record_denied(request.user, object_type="view", object_id=object_id, path=request.path)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
