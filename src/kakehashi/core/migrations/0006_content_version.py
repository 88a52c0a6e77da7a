from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("core", "ContentVersion").objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0005_instance_flag'),
    ]

    operations = [
        migrations.CreateModel(
            name='ContentVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.BigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'content version',
                'verbose_name_plural': 'content version',
            },
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
