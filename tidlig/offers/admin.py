"""Configuration lists the administrator keeps: legal bases, ladder steps and themes."""

from django.contrib import admin

from tidlig.offers.models import LadderStep, LegalBasis, Theme

admin.site.register(LegalBasis)
admin.site.register(LadderStep)
admin.site.register(Theme)
