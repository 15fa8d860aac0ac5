from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("report/<str:kind>/<int:pk>/", views.flag_report, name="report"),
]
