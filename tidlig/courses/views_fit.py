"""Being written (placeholder so the URLconf loads)."""

from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


course_list = open_course = detail = pdf = add_contact = edit_goal = request_extension = close = _todo
approvals = decide_extension = record_scores = answer_mode = unlock = place_wellbeing = correct_placement = _todo
