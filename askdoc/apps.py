from django.apps import AppConfig


class AskdocConfig(AppConfig):
    name = "askdoc"

    def ready(self):
        from askdoc import checks, signals  # noqa: F401 (importing checks registers them)

        signals.connect()
