from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from directory.models import AccountChange, Unit, UnitAlias, User


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "parent", "is_active", "sort_order")
    list_filter = ("kind", "is_active", ("parent", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "short_name", "aliases__name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    inlines = [UnitAliasInline]
    ordering = ("sort_order", "name")


@admin.register(User)
class LuoshiUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "role", "unit", "email", "is_active")
    list_filter = ("role", "is_active", "is_staff", ("unit", admin.RelatedOnlyFieldListFilter))
    search_fields = ("username", "display_name", "email", "unit__name")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    fieldsets = (
        *UserAdmin.fieldsets,
        ("督办角色", {"fields": ("display_name", "phone", "role", "unit")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("督办角色", {"fields": ("display_name", "role", "unit")}),
    )


@admin.register(AccountChange)
class AccountChangeAdmin(admin.ModelAdmin):
    """The account audit log: read only (who, when, what)."""

    list_display = ("changed_at", "action", "username", "actor", "source")
    list_filter = ("action", "changed_at")
    search_fields = ("username", "actor__username", "source")
    list_select_related = ("actor",)
    readonly_fields = ("account", "username", "actor", "action", "changes", "source", "changed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
