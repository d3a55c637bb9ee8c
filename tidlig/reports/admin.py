"""Targets are shown to the administrator but changed only by the unit's leader, so every change is logged."""

from django.contrib import admin

from tidlig.reports.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "kpi", "direction", "value")
    list_filter = ("unit", "year", "kpi")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
