"""Speech and Directive point at directory.Unit and directory.User (state only: same tables)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        ('speeches', '0002_document_kind_and_provenance'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only the migration state follows the models.
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='directive',
                    name='reviewed_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reviewed_directives', to=settings.AUTH_USER_MODEL, verbose_name='审核人'),
                ),
                migrations.AlterField(
                    model_name='directive',
                    name='units',
                    field=models.ManyToManyField(blank=True, related_name='directives', to='directory.unit', verbose_name='匹配的单位'),
                ),
                migrations.AlterField(
                    model_name='speech',
                    name='area',
                    field=models.ForeignKey(blank=True, help_text='“各乡镇”等泛称在该地区的下级单位中展开', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='speeches', to='directory.unit', verbose_name='所属地区'),
                ),
                migrations.AlterField(
                    model_name='speech',
                    name='imported_by',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='imported_speeches', to=settings.AUTH_USER_MODEL, verbose_name='导入人'),
                ),
            ],
        ),
    ]
