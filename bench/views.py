from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def floor(request):
    """The benchmark's floor (docs/performance.md): the same server, middleware, session and login check
    as every page, and nothing else."""
    return HttpResponse("ok", content_type="text/plain")
