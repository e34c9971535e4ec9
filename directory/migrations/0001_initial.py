"""Unit, UnitAlias and User move here from tracker, keeping their tables.

State only: the tables (tracker_unit, tracker_unitalias, tracker_user and the user's group and
permission tables) were created by tracker.0001_initial and stay as they are; no row moves.
tracker.0009 and speeches.0003 then point their foreign keys here and drop the old models from
the migration state. A database migrated before the move has tracker.0001 applied but not this
migration, while admin.0001 (which depends on the user model's app) is applied; the ``migrate``
command of this app records this migration first (directory.migration_history).
"""

import django.contrib.auth.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import directory.models
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('tracker', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Unit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='全称')),
                        ('short_name', models.CharField(blank=True, max_length=50, verbose_name='简称')),
                        ('kind', models.CharField(choices=[('district', '区（县）'), ('township', '乡镇'), ('street', '街道'), ('department', '区直部门'), ('party_org', '党委/党组'), ('village', '村'), ('community', '社区'), ('enterprise', '企业'), ('other', '其他')], db_index=True, max_length=16, verbose_name='类别')),
                        ('is_active', models.BooleanField(default=True, verbose_name='启用')),
                        ('sort_order', models.PositiveIntegerField(default=0, verbose_name='排序')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='directory.unit', verbose_name='上级单位')),
                    ],
                    options={
                        'db_table': 'tracker_unit',
                        'verbose_name': '单位',
                        'verbose_name_plural': '单位名录',
                        'ordering': ['sort_order', 'name'],
                    },
                ),
                migrations.CreateModel(
                    name='User',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('password', models.CharField(max_length=128, verbose_name='password')),
                        ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                        ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                        ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                        ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                        ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                        ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                        ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                        ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                        ('role', models.CharField(choices=[('admin', '系统管理员'), ('supervisor', '督查员'), ('unit_staff', '联络员'), ('unit_leader', '单位负责人'), ('leader', '领导')], default='unit_staff', max_length=16, verbose_name='角色')),
                        ('display_name', models.CharField(blank=True, max_length=50, verbose_name='姓名')),
                        ('phone', models.CharField(blank=True, max_length=30, verbose_name='电话')),
                        ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                        ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
                        ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='members', to='directory.unit', verbose_name='所属单位')),
                    ],
                    options={
                        'db_table': 'tracker_user',
                        'verbose_name': '用户',
                        'verbose_name_plural': '用户',
                    },
                    managers=[
                        ('objects', directory.models.LuoshiUserManager()),
                    ],
                ),
                migrations.CreateModel(
                    name='UnitAlias',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='别名')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='directory.unit')),
                    ],
                    options={
                        'db_table': 'tracker_unitalias',
                        'verbose_name': '单位别名',
                        'verbose_name_plural': '单位别名',
                        'ordering': ['name'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='unit',
                    constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='unit_not_its_own_parent'),
                ),
                migrations.AddConstraint(
                    model_name='user',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('role__in', ['unit_staff', 'unit_leader']), _negated=True), ('unit__isnull', False), _connector='OR'), name='unit_roles_have_a_unit'),
                ),
                migrations.AddConstraint(
                    model_name='unitalias',
                    constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='unit_alias_unique_name'),
                ),
            ],
        ),
    ]
