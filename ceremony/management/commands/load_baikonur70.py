from django.core.management.base import BaseCommand

from ceremony.demo.loader import demo_program_load


class Command(BaseCommand):
    help = "Load the demo program of the 70th anniversary of Baikonur (2 June 2025). Safe to run again."

    def handle(self, *args, **options):
        counts = demo_program_load()
        summary = "Baikonur 70 demo loaded: {created} created, {updated} updated, {unchanged} unchanged."
        self.stdout.write(self.style.SUCCESS(summary.format(**counts)))
