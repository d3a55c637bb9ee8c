"""Configuration the administrator keeps: Trivselslineal scales (versioned). Instruments are loaded with
`manage.py load_instrument` and are read-only here, so answers keep the wording they were given on."""

from django.contrib import admin

from tidlig.measurements.models import Instrument, InstrumentItem, WellbeingScale


@admin.register(WellbeingScale)
class WellbeingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "minimum", "maximum", "is_active"]


class ItemInline(admin.TabularInline):
    model = InstrumentItem
    extra = 0
    can_delete = False
    readonly_fields = ["position", "kind", "text", "anchor_low", "anchor_high"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "version", "kind", "cutoff", "reliable_change", "is_active"]
    readonly_fields = [f.name for f in Instrument._meta.fields if f.name != "is_active"]
    inlines = [ItemInline]

    def has_add_permission(self, request):
        return False
