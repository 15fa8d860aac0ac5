from django.apps import AppConfig


class AskdocConfig(AppConfig):
    name = "askdoc"

    def ready(self):
        from askdoc import signals

        signals.connect()
