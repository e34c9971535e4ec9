"""Unit, UnitAlias and User now live in directory: foreign keys follow, the old models leave the
state. No table is created, altered or dropped; no row moves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ("unit", "unitalias", "user")


def content_types_to_directory(apps, schema_editor):
    """Permissions and admin log entries follow the models: their content types change app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="directory", model=model).exists():
            ContentType.objects.filter(app_label="tracker", model=model).update(
                app_label="directory"
            )


def content_types_to_tracker(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="tracker", model=model).exists():
            ContentType.objects.filter(app_label="directory", model=model).update(
                app_label="tracker"
            )


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        ('speeches', '0003_units_and_users_in_directory'),
        ('tracker', '0008_supervision_loop'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only the migration state follows the models.
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='unit',
                    name='parent',
                ),
                migrations.RemoveField(
                    model_name='user',
                    name='unit',
                ),
                migrations.AlterField(
                    model_name='ledgerexport',
                    name='unit',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='ledger_exports', to='directory.unit', verbose_name='单位'),
                ),
                migrations.AlterField(
                    model_name='assignment',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='directory.unit', verbose_name='责任单位'),
                ),
                migrations.AlterField(
                    model_name='calendarfeed',
                    name='unit',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feed', to='directory.unit', verbose_name='单位'),
                ),
                migrations.RemoveField(
                    model_name='user',
                    name='groups',
                ),
                migrations.RemoveField(
                    model_name='user',
                    name='user_permissions',
                ),
                migrations.AlterField(
                    model_name='ledgerexport',
                    name='requested_by',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ledger_exports', to=settings.AUTH_USER_MODEL, verbose_name='导出人'),
                ),
                migrations.AlterField(
                    model_name='progressreport',
                    name='author',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='progress_reports', to=settings.AUTH_USER_MODEL, verbose_name='填报人'),
                ),
                migrations.AlterField(
                    model_name='historyentry',
                    name='actor',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='history_entries', to=settings.AUTH_USER_MODEL, verbose_name='操作人'),
                ),
                migrations.AlterField(
                    model_name='extensionrequest',
                    name='decided_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人'),
                ),
                migrations.AlterField(
                    model_name='extensionrequest',
                    name='requested_by',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='申请人'),
                ),
                migrations.AlterField(
                    model_name='assignment',
                    name='closed_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='closed_assignments', to=settings.AUTH_USER_MODEL, verbose_name='销号人'),
                ),
                migrations.AlterField(
                    model_name='calendarfeed',
                    name='user',
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feed', to=settings.AUTH_USER_MODEL, verbose_name='用户'),
                ),
                migrations.AlterField(
                    model_name='notification',
                    name='recipient',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='接收人'),
                ),
                migrations.AlterField(
                    model_name='task',
                    name='created_by',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='created_tasks', to=settings.AUTH_USER_MODEL, verbose_name='创建人'),
                ),
                migrations.DeleteModel(
                    name='UnitAlias',
                ),
                migrations.DeleteModel(
                    name='Unit',
                ),
                migrations.DeleteModel(
                    name='User',
                ),
            ],
        ),
        migrations.RunPython(content_types_to_directory, content_types_to_tracker),
    ]
