"""Newsletter email, sent in the background after the transaction commits. Tasks get ids."""

from django.core.mail import get_connection
from django_tasks import task

from newsletter.emails import campaign_message, confirmation_message
from newsletter.models import Campaign, Subscriber


@task()
def subscriber_send_confirmation(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).first()
    if subscriber is not None:
        confirmation_message(subscriber).send()


@task()
def campaign_send_test_email(campaign_id, email):
    campaign_message(Campaign.objects.get(pk=campaign_id), email).send()


@task()
def campaign_send_batch(campaign_id, subscriber_ids):
    from newsletter.services import campaign_delivery_send

    campaign = Campaign.objects.get(pk=campaign_id)
    with get_connection() as connection:
        for subscriber_id in subscriber_ids:
            campaign_delivery_send(campaign=campaign, subscriber_id=subscriber_id, connection=connection)
