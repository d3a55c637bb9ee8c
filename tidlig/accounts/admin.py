"""The administrator's screens for users, units, institutions and competences; no family data."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from tidlig.accounts.models import Competence, Institution, InstitutionGroup, Unit, User


@admin.register(User)
class TidligUserAdmin(UserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "role",
        "unit",
        "institution",
        "is_active",
    ]
    list_filter = ["role", "unit", "institution", "is_active"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Tidlig", {"fields": ("role", "title", "unit", "institution", "competences", "capacity")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Tidlig", {"fields": ("first_name", "last_name", "role", "unit", "institution")}),
    )
    filter_horizontal = ("competences", "groups", "user_permissions")


class InstitutionGroupInline(admin.TabularInline):
    model = InstitutionGroup
    extra = 1


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    inlines = [InstitutionGroupInline]


admin.site.register(Unit)
admin.site.register(Competence)
admin.site.site_header = "Tidlig: administration"
admin.site.site_title = "Tidlig"
