from newsletter.forms import SubscribeForm


def subscribe_form(request):
    """The footer's "Stay in touch" form, on every page."""
    return {"subscribe_form": SubscribeForm(initial={"next": request.get_full_path()})}
