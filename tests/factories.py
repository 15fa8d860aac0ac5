import factory
from django.utils import timezone

from accounts.models import User
from answers.models import Answer, Reply
from askdoc.markdown import render_markdown
from doctors.models import DoctorProfile
from questions.models import City, PostStatus, Question, Topic


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Patient {n}")
    wants_answer_emails = True  # as if they ticked the box at sign-up
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ["slug"]

    name = "Calgary"
    province = "Alberta"
    slug = factory.LazyAttribute(lambda o: o.name.lower())


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class DoctorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DoctorProfile

    user = factory.SubFactory(UserFactory, display_name="")
    name = factory.Sequence(lambda n: f"Doctor {n}")
    slug = factory.Sequence(lambda n: f"doctor-{n}")
    specialty = "Dermatology"
    clinic = "Bow River Dermatology"
    verification_status = DoctorProfile.Verification.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    title = factory.Sequence(lambda n: f"Why is my skin red after treatment {n}?")
    slug = factory.Sequence(lambda n: f"why-is-my-skin-red-after-treatment-{n}")
    body = "My skin has been red for three days after a chemical peel."
    author = factory.SubFactory(UserFactory)
    author_display_name = factory.LazyAttribute(lambda o: o.author.display_name if o.author else "")
    status = PostStatus.PUBLISHED
    published_at = factory.LazyAttribute(lambda o: o.created_at if o.status == PostStatus.PUBLISHED else None)
    created_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    doctor = factory.SubFactory(DoctorFactory)
    body = "Redness after a peel usually fades within a week.\n\n- Use a bland moisturiser."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    created_at = factory.LazyAttribute(lambda o: o.question.created_at + timezone.timedelta(hours=1))


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    answer = factory.SubFactory(AnswerFactory)
    author = factory.LazyAttribute(lambda o: o.answer.question.author)
    author_display_name = factory.LazyAttribute(lambda o: o.author.display_name if o.author else "")
    body = "Thank you, should I stop my serum?"
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    created_at = factory.LazyAttribute(lambda o: o.answer.created_at + timezone.timedelta(hours=1))


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "newsletter.Subscriber"

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    status = "confirmed"
    consent_text = "Yes, email me askdoc's beauty resources, tips and news."
    source_page = "/"
    ip_address = "203.0.113.7"
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == "confirmed" else None)
    unsubscribed_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == "unsubscribed" else None)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "newsletter.Campaign"

    subject = "Spring skincare"
    body = "# Sunscreen\n\nWear it **every day**. [Read more](https://askdoc.example/topics/)"


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "moderation.Flag"

    question = factory.SubFactory(QuestionFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "misinformation"


class QuestionPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "questions.QuestionPhoto"

    question = factory.SubFactory(QuestionFactory)
    image = factory.django.ImageField(filename="photo.jpg", format="JPEG")
    thumbnail = factory.django.ImageField(filename="photo-thumb.jpg", format="JPEG")
    is_public = False


def doctor_with_status(status, **kwargs):
    """A doctor in any verification state (pending, verified, rejected, withdrawn)."""
    verified = status == DoctorProfile.Verification.VERIFIED
    return DoctorFactory(
        verification_status=status, verified_at=timezone.now() if verified else None, **kwargs
    )
