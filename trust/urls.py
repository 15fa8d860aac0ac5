from django.urls import path

from trust import views

app_name = "trust"

urlpatterns = [
    path("consents/<int:pk>/withdraw/", views.consent_withdraw_view, name="consent_withdraw"),
    path("reviews/", views.review_queue, name="reviews"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("questions/<int:question_pk>/invite/", views.invite, name="invite"),
]
