"""The "Clinical reviewer" group: verified doctors whom staff ask to review answers reported
as unsafe medical advice. Membership is the role; it carries no admin permission."""

CLINICAL_REVIEWER_GROUP = "Clinical reviewer"


def is_clinical_reviewer(user, doctor):
    """A clinical reviewer is a verified doctor (not expired) in the group; `doctor` is the
    user's DoctorProfile or None. One query for a signed-in doctor."""
    if doctor is None or not doctor.can_publish:
        return False
    return user.groups.filter(name=CLINICAL_REVIEWER_GROUP).exists()


def clinical_reviewer_group():
    from django.contrib.auth.models import Group

    group, _created = Group.objects.get_or_create(name=CLINICAL_REVIEWER_GROUP)
    return group
