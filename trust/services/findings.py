"""The personal-detail guard as a step before a patient's text is published."""

from dataclasses import dataclass

from trust.guard import scan
from trust.models import PersonalDetailFinding

REDACT = "redact"


@dataclass
class GuardStep:
    """What to show the patient: per field, what was found and the redacted text."""

    results: dict

    @property
    def labels(self):
        labels = {}
        for result in self.results.values():
            for kind, label in zip(result.kinds, result.labels, strict=True):
                labels[kind] = label
        return list(labels.values())

    @property
    def redacted(self):
        return {name: result.redacted for name, result in self.results.items()}


def personal_details_check(*, user, source, texts, choice=""):
    """Check a patient's `texts` ({field name: text}) before publishing.

    Returns (texts to publish, GuardStep or None). With `choice` "redact" the patient chose
    the redacted text, which is returned; otherwise a GuardStep is returned when something
    was found, and what was found is recorded for moderators (kinds and redacted text only).
    """
    results = {name: scan(text) for name, text in texts.items()}
    if not any(result.has_findings for result in results.values()):
        return texts, None
    step = GuardStep(results={name: result for name, result in results.items() if result.has_findings})
    if choice == REDACT:
        return {name: result.redacted for name, result in results.items()}, None
    kinds = list(dict.fromkeys(kind for result in step.results.values() for kind in result.kinds))
    PersonalDetailFinding.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        source=source,
        kinds=",".join(kinds)[:100],
        count=sum(len(result.findings) for result in step.results.values()),
        redacted_text="\n\n".join(step.redacted.values()),
    )
    return texts, step


def personal_details_guard(*, user, texts_by_source, choice=""):
    """The guard over several kinds of text at once, e.g. a question and its photo captions:
    `texts_by_source` is {source: {field name: text}}. Each source is checked (and what was
    found recorded) as `personal_details_check` does; the patient sees one step for all.

    Returns ({source: texts to publish}, GuardStep or None).
    """
    checked, results = {}, {}
    for source, texts in texts_by_source.items():
        checked[source], step = personal_details_check(user=user, source=source, texts=texts, choice=choice)
        if step is not None:
            results.update(step.results)
    return checked, (GuardStep(results=results) if results else None)
