"""The answer-mode lock: while the family holds the worker's screen, the session can reach nothing else."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

ANSWER_LOCK = "tidlig_answer_lock"


class AnswerModeLockMiddleware:
    """Every request of a locked session goes back to the answer page, except that page, the unlock page
    (the worker's password), logout and static files. The lock lives in the server-side session, so a
    typed URL, the back button or a bookmark cannot get round it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            lock = request.session.get(ANSWER_LOCK)
            if lock and not self._allowed(request.path, lock["course"]):
                url = reverse("courses:answer_mode", args=[lock["course"]])
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str, course_id: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        return path in {
            reverse("courses:answer_mode", args=[course_id]),
            reverse("courses:unlock", args=[course_id]),
            reverse("logout"),
        }
